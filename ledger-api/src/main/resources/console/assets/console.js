/*
 * The console's one script. Pages are complete without it: every figure is in a table rendered by
 * the server. It draws each chart from the table the chart names (data-chart-table), so a chart can
 * never show other figures than the table beside it, and it carries no label of its own: series
 * names are the table's column headings, in the page's language.
 */
(function () {
    'use strict';

    var CHARTED = ['available', 'committed', 'paid'];

    function drawChart(container) {
        var table = document.getElementById(container.getAttribute('data-chart-table'));
        if (!table || typeof echarts === 'undefined') {
            return;
        }
        var headings = table.querySelectorAll('thead th[data-series]');
        var columns = [];
        headings.forEach(function (heading, index) {
            var series = heading.getAttribute('data-series');
            if (CHARTED.indexOf(series) >= 0) {
                columns.push({ index: index, name: heading.textContent.trim() });
            }
        });
        var categories = [];
        var values = columns.map(function () { return []; });
        table.querySelectorAll('tbody tr').forEach(function (row) {
            var cells = row.querySelectorAll('td[data-value]');
            if (cells.length === 0) {
                return;
            }
            categories.push(row.querySelector('th').textContent.trim());
            columns.forEach(function (column, i) {
                values[i].push(Number(cells[column.index].getAttribute('data-value')));
            });
        });
        if (categories.length === 0) {
            container.hidden = true;
            return;
        }
        var chart = echarts.init(container, null, { renderer: 'canvas' });
        chart.setOption({
            animation: false,
            tooltip: { trigger: 'axis', valueFormatter: formatYuan },
            legend: { top: 0 },
            grid: { left: 16, right: 16, bottom: 8, top: 36, containLabel: true },
            xAxis: { type: 'category', data: categories },
            yAxis: { type: 'value', axisLabel: { formatter: formatYuan } },
            series: columns.map(function (column, i) {
                return { name: column.name, type: 'bar', stack: 'money', data: values[i] };
            })
        });
        window.addEventListener('resize', function () { chart.resize(); });
        container.setAttribute('data-drawn', 'true');
    }

    /** Yuan with thousands separators and two decimals, as the tables show them. */
    function formatYuan(value) {
        return Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }

    /** Following the skip link puts keyboard focus on the content, not only the view. */
    function focusTarget(event) {
        var target = document.getElementById(event.currentTarget.getAttribute('href').substring(1));
        if (target) {
            target.focus();
        }
    }

    document.addEventListener('DOMContentLoaded', function () {
        document.querySelectorAll('.chart[data-chart-table]').forEach(drawChart);
        document.querySelectorAll('a.skip').forEach(function (link) {
            link.addEventListener('click', focusTarget);
        });
    });
}());
