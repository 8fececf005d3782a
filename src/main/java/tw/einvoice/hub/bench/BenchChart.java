package tw.einvoice.hub.bench;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A benchmark's throughput and latency over time as one HTML page, drawn by the ECharts the console already ships
 * (copied beside the page, so it opens offline).
 */
public final class BenchChart {

    /** One second of a run: invoices taken in and confirmed in it, and the latency of those confirmed. */
    public record Second(int second, long intake, long confirmed, double p50Ms, double p99Ms) {
    }

    private BenchChart() {
    }

    public static Path write(Path folder, String title, List<Second> seconds) throws IOException {
        Files.createDirectories(folder);
        Resource[] echarts = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:META-INF/resources/webjars/echarts/*/dist/echarts.min.js");
        if (echarts.length == 0) {
            throw new IOException("the ECharts webjar is not on the class path");
        }
        try (InputStream in = echarts[0].getInputStream()) {
            Files.copy(in, folder.resolve("echarts.min.js"), StandardCopyOption.REPLACE_EXISTING);
        }
        String xs = seconds.stream().map(s -> String.valueOf(s.second())).collect(Collectors.joining(","));
        String intake = seconds.stream().map(s -> String.valueOf(s.intake())).collect(Collectors.joining(","));
        String confirmed = seconds.stream().map(s -> String.valueOf(s.confirmed())).collect(Collectors.joining(","));
        String p50 = seconds.stream().map(s -> s.confirmed() == 0 ? "null" : String.format("%.0f", s.p50Ms()))
                .collect(Collectors.joining(","));
        String p99 = seconds.stream().map(s -> s.confirmed() == 0 ? "null" : String.format("%.0f", s.p99Ms()))
                .collect(Collectors.joining(","));
        String html = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>%1$s</title><script src="echarts.min.js"></script></head>
                <body><h3>%1$s</h3><div id="rate" style="width:100%%;height:360px"></div>
                <div id="latency" style="width:100%%;height:360px"></div>
                <script>
                const x = [%2$s];
                echarts.init(document.getElementById('rate')).setOption({animation: false, title: {text: 'invoices per second'},
                  tooltip: {trigger: 'axis'}, legend: {top: 24}, xAxis: {type: 'category', name: 's', data: x},
                  yAxis: {type: 'value'}, series: [{name: 'intake', type: 'line', data: [%3$s]},
                  {name: 'confirmed', type: 'line', data: [%4$s]}]});
                echarts.init(document.getElementById('latency')).setOption({animation: false, title: {text: 'intake to CONFIRMED, ms'},
                  tooltip: {trigger: 'axis'}, legend: {top: 24}, xAxis: {type: 'category', name: 's', data: x},
                  yAxis: {type: 'value'}, series: [{name: 'p50', type: 'line', data: [%5$s]},
                  {name: 'p99', type: 'line', data: [%6$s]}]});
                </script></body></html>
                """.formatted(title.replace("<", "&lt;"), xs, intake, confirmed, p50, p99);
        Path page = folder.resolve("bench.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        return page;
    }
}
