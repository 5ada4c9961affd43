package dev.iotsdk.samples.shadow;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.model.shadow.ShadowDeltaMessage;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;
import dev.iotsdk.shadow.ShadowClient;
import dev.iotsdk.shadow.ShadowClientJava;
import dev.iotsdk.shadow.ShadowEvent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The v1 SDK's BasicShadow pair in Java: a delta listener that reports each desired {@code property} back, and an
 * updater that changes it five times. Both run in this process (required with the embedded emulator); pass
 * {@code --endpoint/--cert/--key} to run against AWS IoT (see {@link SampleTarget}).
 */
public final class BasicShadowJava {
    private BasicShadowJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "basic-shadow-java")) {
            out.say("BasicShadowJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            IotMqttClientJava listenerMqtt = target.client(target.getThingName() + "-listener").asJava();
            IotMqttClientJava updaterMqtt = target.client(target.getThingName() + "-updater").asJava();
            try {
                listenerMqtt.connect().get(10, TimeUnit.SECONDS);
                updaterMqtt.connect().get(10, TimeUnit.SECONDS);
                ShadowClientJava listener = new ShadowClient(listenerMqtt.asKotlin(), target.getThingName()).asJava();
                ShadowClientJava updater = new ShadowClient(updaterMqtt.asKotlin(), target.getThingName()).asJava();
                int count = 5;
                CountDownLatch subscribed = new CountDownLatch(1);
                CountDownLatch reported = new CountDownLatch(count);
                try (AutoCloseable deltas = listener.onDeltaEvent(null, event -> {
                    if (event == ShadowEvent.Subscribed.INSTANCE) {
                        subscribed.countDown();
                    } else if (event instanceof ShadowEvent.Received) {
                        ShadowDeltaMessage delta = ((ShadowEvent.Received<ShadowDeltaMessage>) event).getValue();
                        Object property = delta.getState().get("property");
                        if (property == null) return;
                        out.say("  listener: delta property=" + property + " (version " + delta.getVersion() + "); reporting it");
                        listener.update("{\"reported\":{\"property\":" + property + "}}", null, null)
                            .thenRun(reported::countDown);
                    }
                }, error -> out.say("  listener: stream failed: " + error.getMessage()))) {
                    if (!subscribed.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("no delta subscription");
                    for (int i = 1; i <= count; i++) {
                        long version = updater.update("{\"desired\":{\"property\":" + i + "}}", null, null).get(10, TimeUnit.SECONDS).getVersion();
                        out.say("updater: desired property=" + i + " accepted, version " + version);
                        Thread.sleep(200);
                    }
                    if (!reported.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("not every delta was reported");
                }
                listener.close();
                updater.close();
            } finally {
                CompletableFuture.allOf(listenerMqtt.disconnect(), updaterMqtt.disconnect()).get(10, TimeUnit.SECONDS);
                listenerMqtt.close();
                updaterMqtt.close();
            }
        }
        out.say("done");
    }
}
