// Print buttons: <button data-print> opens the browser's print dialog (no inline script).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
