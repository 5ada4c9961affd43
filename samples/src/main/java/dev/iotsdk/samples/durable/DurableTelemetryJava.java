package dev.iotsdk.samples.durable;

import dev.iotsdk.core.DurableQueue;
import dev.iotsdk.core.FsyncPolicy;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.MqttSubscription;
import dev.iotsdk.core.Qos;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The durable-queue sample through the Java view: readings published while offline complete once they are on disk
 * ({@code FsyncPolicy.EVERY_MESSAGE}), and a new client on the same directory delivers them after a "crash".
 */
public final class DurableTelemetryJava {
    private static final int READINGS = 20;

    private DurableTelemetryJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "durable-sensor-java")) {
            out.say("DurableTelemetryJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            String topic = "telemetry/" + target.getThingName();
            Path queueDir = Files.createTempDirectory("durable-telemetry-java");
            IotMqttClientConfig config = target.config(target.getThingName()).toBuilder()
                .durableQueue(new DurableQueue(queueDir, FsyncPolicy.EVERY_MESSAGE))
                .build();
            try (IotMqttClientJava offline = IotMqttClient.create(config).asJava()) {
                for (int i = 0; i < READINGS; i++) {
                    // completes once the reading is stored: no connection needed
                    offline.publish(MqttMessage.text(topic, "{\"seq\":" + i + "}")).get(10, TimeUnit.SECONDS);
                }
                out.say("stored " + READINGS + " readings while offline");
            }
            out.say("the device restarts on the same queue directory");
            CountDownLatch received = new CountDownLatch(READINGS);
            try (IotMqttClientJava monitor = target.client(target.getThingName() + "-monitor").asJava()) {
                monitor.connect().get(20, TimeUnit.SECONDS);
                try (MqttSubscription readings =
                         monitor.openSubscription(topic, Qos.AT_LEAST_ONCE, m -> received.countDown(), null)
                             .get(20, TimeUnit.SECONDS);
                     IotMqttClientJava device = IotMqttClient.create(config).asJava()) {
                    device.connect().get(20, TimeUnit.SECONDS);
                    boolean all = received.await(30, TimeUnit.SECONDS);
                    out.say("monitor received " + (READINGS - received.getCount()) + " of " + READINGS + " readings"
                        + (all ? "" : " (timed out)"));
                }
            }
            try (Stream<Path> files = Files.walk(queueDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
