// Draws every [data-chart] element from the JSON data block it names (bureau.charts).
// The payload is read from <script type="application/json">, never evaluated; charts are
// drawn as SVG so that they print sharply. The same numbers are in the table beside.
(function () {
  "use strict";

  function option(payload) {
    const base = {
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: payload.type === "pie" ? "item" : "axis" },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 24, bottom: 48, containLabel: true },
    };
    if (payload.type === "pie") {
      const series = payload.series[0];
      base.series = [{
        type: "pie",
        name: series.name,
        radius: "60%",
        data: payload.categories.map((name, i) => ({ name, value: series.data[i] })),
      }];
      return base;
    }
    base.xAxis = { type: "category", data: payload.categories };
    base.yAxis = { type: "value", name: payload.unit || "" };
    base.series = payload.series.map((series) => ({
      type: payload.type,
      name: series.name,
      data: series.data,
    }));
    return base;
  }

  function draw(root) {
    if (!window.echarts) {
      return;
    }
    root.querySelectorAll("[data-chart]").forEach((element) => {
      if (element.dataset.chartDrawn) {
        return;
      }
      const source = document.getElementById(element.dataset.chart);
      if (!source) {
        return;
      }
      if (!element.style.height) {
        element.style.height = "320px";
      }
      const instance = window.echarts.init(element, null, { renderer: "svg" });
      instance.setOption(option(JSON.parse(source.textContent)));
      element.dataset.chartDrawn = "true";
      window.addEventListener("resize", () => instance.resize());
    });
  }

  document.addEventListener("DOMContentLoaded", () => draw(document));
  document.addEventListener("htmx:afterSettle", (event) => draw(event.target));
})();
