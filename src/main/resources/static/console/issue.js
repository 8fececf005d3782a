// Live totals of the issue form (display only: intake computes and checks the real amounts). Prices include
// 5% tax, so the tax shown is total - round(total / 1.05), as the hub splits it.
(function () {
  var form = document.getElementById('issue-form');
  if (!form) { return; }
  function num(v) { var n = parseFloat(v); return isNaN(n) ? 0 : n; }
  function fmt(n) { return Math.round(n).toLocaleString(); }
  function recompute() {
    var total = 0;
    form.querySelectorAll('#items tbody tr').forEach(function (row) {
      var amount = num(row.querySelector('.qty').value) * num(row.querySelector('.price').value);
      row.querySelector('.amount').textContent = amount ? amount.toLocaleString() : '0';
      total += amount;
    });
    var sales = Math.round(total / 1.05);
    document.getElementById('total-amount').textContent = fmt(total);
    document.getElementById('total-sales').textContent = fmt(sales);
    document.getElementById('total-tax').textContent = fmt(Math.round(total) - sales);
  }
  function kind() {
    var b2b = document.getElementById('kind').value === 'B2B';
    form.querySelector('fieldset.b2b').classList.toggle('hidden', !b2b);
    form.querySelector('fieldset.b2c').classList.toggle('hidden', b2b);
  }
  form.addEventListener('input', recompute);
  document.getElementById('kind').addEventListener('change', kind);
  recompute();
  kind();
})();
