/*
 * The family page (households/family_form.html): keyboard entry of a household and its
 * members. Everything here is a convenience; the page works without it (the server offers
 * spare rows, derives sex and birth date from the ID number and presets the relations).
 *
 * - Alt+N goes to the next member row: an empty one shown, else a spare one revealed,
 *   else a new one added (relation "child", unmarried).
 * - Typing an 18-digit (or legacy 15-digit) ID number fills sex and birth date, and a
 *   "child" row becomes son or daughter; values the user set by hand are left alone.
 * - Enter in a select saves, as it does in a text box.
 */
(function () {
  "use strict";

  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECKS = "10X98765432";
  var form = document.querySelector("[data-family-form]");
  if (!form) {
    return;
  }
  var prefix = form.getAttribute("data-prefix");
  var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  var maximum = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
  var container = form.querySelector("[data-member-rows]");
  var template = form.querySelector("template[data-member-template]");
  var addButton = form.querySelector("[data-add-member]");

  function rows() {
    return Array.prototype.slice.call(container.querySelectorAll("[data-member-row]"));
  }

  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  function isBlank(row) {
    return (
      !field(row, "name").value.trim() &&
      !field(row, "id_number").value.trim() &&
      !row.querySelector(".is-invalid")
    );
  }

  function renumber() {
    rows().forEach(function (row, index) {
      row.querySelector("[data-member-number]").textContent = String(index + 1);
    });
  }

  function newRow() {
    var index = Number(total.value);
    if (maximum && index >= Number(maximum.value)) {
      return null;
    }
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.querySelector("[data-member-row]");
    container.appendChild(row);
    total.value = String(index + 1);
    return row;
  }

  function nextRow() {
    var all = rows();
    var empty = all.filter(function (row) {
      return !row.hidden && !field(row, "name").value.trim();
    });
    if (empty.length) {
      return empty[0];
    }
    var spare = all.filter(function (row) {
      return row.hidden;
    });
    if (spare.length) {
      spare[0].hidden = false;
      return spare[0];
    }
    return newRow();
  }

  function addMember() {
    var row = nextRow();
    if (row) {
      renumber();
      field(row, "name").focus();
    }
  }

  function normalize(value) {
    return value
      .replace(/[\uFF10-\uFF19]/g, function (digit) {
        return String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 48);
      })
      .replace(/[\s\-\u2010-\u2015\u2212\uFF0D]/g, "")
      .toUpperCase()
      .replace(/\uFF38/g, "X");
  }

  function realDate(year, month, day) {
    var date = new Date(Date.UTC(year, month - 1, day));
    return (
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day &&
      date <= new Date()
    );
  }

  function checkCharacter(body) {
    var sum = 0;
    for (var i = 0; i < 17; i += 1) {
      sum += Number(body.charAt(i)) * WEIGHTS[i];
    }
    return CHECKS.charAt(sum % 11);
  }

  // {sex: "M"|"F", birth: "YYYY-MM-DD"} from a whole ID number, or null.
  function facts(number) {
    var year, month, day, sexDigit;
    if (/^\d{17}[\dX]$/.test(number)) {
      if (checkCharacter(number) !== number.charAt(17)) {
        return null;
      }
      year = Number(number.substr(6, 4));
      month = Number(number.substr(10, 2));
      day = Number(number.substr(12, 2));
      sexDigit = Number(number.charAt(16));
    } else if (/^\d{15}$/.test(number)) {
      year = 1900 + Number(number.substr(6, 2));
      month = Number(number.substr(8, 2));
      day = Number(number.substr(10, 2));
      sexDigit = Number(number.charAt(14));
    } else {
      return null;
    }
    if (!realDate(year, month, day)) {
      return null;
    }
    return {
      sex: sexDigit % 2 ? "M" : "F",
      birth: year + "-" + String(month).padStart(2, "0") + "-" + String(day).padStart(2, "0"),
    };
  }

  function fill(input, value) {
    if (!input || (input.value && !input.hasAttribute("data-auto"))) {
      return;
    }
    input.value = value;
    if (value) {
      input.setAttribute("data-auto", "");
    } else {
      input.removeAttribute("data-auto");
    }
  }

  function fillRelation(row, sex) {
    var relation = field(row, "relation_to_head");
    if (relation.value !== "child" && !relation.hasAttribute("data-auto")) {
      return;
    }
    relation.value = sex ? (sex === "M" ? "son" : "daughter") : "child";
    relation.setAttribute("data-auto", "");
  }

  function fillFromNumber(input) {
    var row = input.closest("[data-member-row]");
    var documentType = field(row, "document_type");
    if (documentType && documentType.value === "other") {
      return;
    }
    var found = facts(normalize(input.value));
    fill(field(row, "sex"), found ? found.sex : "");
    fill(field(row, "birth_date"), found ? found.birth : "");
    fillRelation(row, found ? found.sex : "");
  }

  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute("data-id-number")) {
      fillFromNumber(event.target);
    }
  });

  // A value chosen by hand is the user's: the ID number no longer overwrites it.
  form.addEventListener("change", function (event) {
    if (event.isTrusted && event.target.hasAttribute("data-auto")) {
      event.target.removeAttribute("data-auto");
    }
  });

  document.addEventListener("keydown", function (event) {
    var isN = event.code === "KeyN" || event.key === "n" || event.key === "N";
    if (event.altKey && !event.ctrlKey && !event.metaKey && isN) {
      event.preventDefault();
      addMember();
    } else if (
      event.key === "Enter" &&
      !event.altKey &&
      !event.ctrlKey &&
      event.target.tagName === "SELECT" &&
      form.contains(event.target)
    ) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  rows().forEach(function (row, index) {
    if (index > 0 && isBlank(row)) {
      row.hidden = true;
    }
  });
  addButton.hidden = false;
  addButton.addEventListener("click", addMember);
})();
