// The per-hour chart of the dashboard: 24 bars, hours in Taipei time.
(function () {
  var el = document.getElementById('per-hour-chart');
  if (!el || !window.echarts) { return; }
  var series = (el.dataset.series || '').split(',').map(Number);
  var hours = series.map(function (_, h) { return (h < 10 ? '0' : '') + h; });
  var chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    grid: { left: 40, right: 10, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: el.dataset.label, data: series, itemStyle: { color: '#0b5cad' } }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
  el.dataset.rendered = 'true';
})();
