package dev.iotsdk.samples.defender;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.defender.CustomMetricProvider;
import dev.iotsdk.defender.CustomMetricValue;
import dev.iotsdk.defender.DefenderClient;
import dev.iotsdk.defender.DefenderClientJava;
import dev.iotsdk.defender.DefenderReportEvent;
import dev.iotsdk.defender.DefenderReporter;
import dev.iotsdk.defender.ProcNetCollector;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;

import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * AWS IoT Device Defender in Java: a reporter with the /proc collector and a custom metric from a lambda, its events on
 * a callback. Against the embedded emulator the sample waits for the first report's answer; against AWS IoT it reports
 * every 5 minutes until you stop it.
 */
public final class DefenderSampleJava {
    private DefenderSampleJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "defender-sample-java")) {
            out.say("DefenderSampleJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            IotMqttClientJava mqtt = target.client(target.getThingName()).asJava();
            try {
                mqtt.connect().get(10, TimeUnit.SECONDS);
                DefenderClient client = new DefenderClient(mqtt.asKotlin(), target.getThingName());
                DefenderReporter reporter = new DefenderReporter(client, new ProcNetCollector(),
                        Map.of("free_memory", CustomMetricProvider.fromSupplier(
                                () -> CustomMetricValue.number(Runtime.getRuntime().freeMemory()))));
                LinkedBlockingQueue<DefenderReportEvent> events = new LinkedBlockingQueue<>();
                try (DefenderClientJava defender = client.asJava();
                     AutoCloseable running = defender.startReporter(reporter, events::add)) {
                    if (target.getEmulator() == null) {
                        out.say("reporting every 5 minutes; stop with Ctrl-C");
                        while (true) {
                            out.say("  " + events.take());
                        }
                    }
                    DefenderReportEvent first = events.poll(20, TimeUnit.SECONDS);
                    if (first == null) throw new IllegalStateException("no answer to the first report");
                    out.say("  " + first);
                    out.say("emulator holds " + target.getEmulator().getDefender()
                            .acceptedReports(target.getThingName()).size() + " accepted report(s)");
                }
            } finally {
                mqtt.disconnect().get(10, TimeUnit.SECONDS);
                mqtt.close();
            }
        }
        out.say("done");
    }
}
