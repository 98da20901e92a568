// Draws the charts of a zeekbeam report and makes its tables sortable. Every value comes from
// logs an attacker can write into, so this script only reads them with JSON.parse and hands them
// to ECharts (which draws text on a canvas) or to textContent; it never builds HTML from them.
(function () {
  'use strict';

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function human(v) {
    var units = ['', 'K', 'M', 'G', 'T', 'P'];
    var i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return (i === 0 ? String(v) : v.toFixed(1)) + units[i];
  }

  var base = {
    animation: false,
    useUTC: true,
    tooltip: {renderMode: 'richText', confine: true},
    grid: {left: 8, right: 24, top: 40, bottom: 8, containLabel: true}
  };

  function area(d) {
    return Object.assign({}, base, {
      tooltip: {renderMode: 'richText', trigger: 'axis', confine: true},
      legend: {type: 'scroll', top: 0},
      xAxis: {type: 'time'},
      yAxis: {type: 'value', axisLabel: {formatter: human}},
      series: d.series.map(function (s) {
        return {
          name: s.name,
          type: 'line',
          stack: 'total',
          areaStyle: {},
          showSymbol: false,
          data: s.values.map(function (v, i) { return [d.times[i], v]; })
        };
      })
    });
  }

  function bar(d) {
    return Object.assign({}, base, {
      xAxis: {type: 'value', axisLabel: {formatter: human}},
      yAxis: {
        type: 'category',
        inverse: true,
        data: d.labels,
        axisLabel: {width: 260, overflow: 'truncate'}
      },
      series: [{name: d.unit, type: 'bar', data: d.values}]
    });
  }

  function timeline(d) {
    var max = 1;
    var first = Infinity;
    var last = -Infinity;
    d.points.forEach(function (p) {
      max = Math.max(max, p[2]);
      first = Math.min(first, p[0]);
      last = Math.max(last, p[0]);
    });
    // Room on both sides, so that the first and last dots are not cut by the chart's edges.
    var pad = Math.max(60000, (last - first) * 0.05);
    return Object.assign({}, base, {
      tooltip: {
        renderMode: 'richText',
        confine: true,
        formatter: function (p) {
          return d.hosts[p.value[1]] + ' <- ' + p.value[3] + ': ' + p.value[2] + ' failures';
        }
      },
      xAxis: {type: 'time', min: first - pad, max: last + pad},
      yAxis: {type: 'category', data: d.hosts},
      series: [{
        type: 'scatter',
        data: d.points,
        symbolSize: function (v) { return 8 + 24 * Math.sqrt(v[2] / max); }
      }]
    });
  }

  var kinds = {area: area, bar: bar, timeline: timeline};

  function drawCharts() {
    var drawn = 0;
    var charts = [];
    document.querySelectorAll('div.chart').forEach(function (div) {
      try {
        var d = data(div.getAttribute('data-chart'));
        var chart = echarts.init(div, null, {renderer: 'canvas'});
        chart.setOption(kinds[d.kind](d));
        charts.push(chart);
        if (div.querySelector('canvas')) {
          drawn++;
        }
      } catch (e) {
        div.setAttribute('data-error', String(e));
      }
    });
    document.body.setAttribute('data-rendered', String(drawn));
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  function sortBy(table, column, th) {
    var body = table.tBodies[0];
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column];
      var y = b.cells[column];
      var nx = x.getAttribute('data-sort');
      var ny = y.getAttribute('data-sort');
      var c = nx !== null && ny !== null
          ? Number(nx) - Number(ny)
          : x.textContent.localeCompare(y.textContent);
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function sortableTables() {
    document.querySelectorAll('table.sortable').forEach(function (table) {
      table.querySelectorAll('thead th').forEach(function (th, column) {
        th.addEventListener('click', function () { sortBy(table, column, th); });
      });
    });
  }

  sortableTables();
  drawCharts();
})();
