package dev.iotsdk.samples.shadow;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.model.shadow.ShadowDeltaMessage;
import dev.iotsdk.model.shadow.ShadowState;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;
import dev.iotsdk.shadow.ShadowClient;
import dev.iotsdk.shadow.ShadowClientJava;
import dev.iotsdk.shadow.ShadowEvent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The v1 SDK's ThingShadowEcho in Java: every desired change is mirrored into the reported state. Against the embedded
 * emulator the sample also plays the cloud side (three changes) and stops once all are mirrored; against AWS IoT it
 * echoes until stopped.
 */
public final class ThingShadowEchoJava {
    private ThingShadowEchoJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        String[][] changes = {{"color", "green"}, {"brightness", "80"}, {"mode", "night"}};
        try (SampleTarget target = SampleTarget.fromArgs(args, "echo-thing-java")) {
            out.say("ThingShadowEchoJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            IotMqttClientJava mqtt = target.client(target.getThingName() + "-echo").asJava();
            try {
                mqtt.connect().get(10, TimeUnit.SECONDS);
                ShadowClientJava shadow = new ShadowClient(mqtt.asKotlin(), target.getThingName()).asJava();
                CountDownLatch subscribed = new CountDownLatch(1);
                CountDownLatch mirrored = new CountDownLatch(1);
                try (AutoCloseable echo = shadow.onDeltaEvent(null, event -> {
                    if (event == ShadowEvent.Subscribed.INSTANCE) {
                        subscribed.countDown();
                    } else if (event instanceof ShadowEvent.Received) {
                        ShadowDeltaMessage delta = ((ShadowEvent.Received<ShadowDeltaMessage>) event).getValue();
                        out.say("  device: delta " + delta.getState() + "; echoing it as reported");
                        shadow.update(new ShadowState(null, delta.getState(), null, false, false), null, null)
                            .thenAccept(doc -> {
                                out.say("  device: reported, version " + doc.getVersion());
                                if (target.getEmulator() != null
                                    && !target.getEmulator().shadow(target.getThingName(), null).contains("\"delta\"")
                                    && target.getEmulator().shadow(target.getThingName(), null).contains("night")) {
                                    mirrored.countDown();
                                }
                            });
                    }
                }, error -> out.say("  device: stream failed: " + error.getMessage()))) {
                    if (!subscribed.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("no delta subscription");
                    if (target.getEmulator() == null) {
                        out.say("echoing desired changes until stopped (Ctrl-C)");
                        new CountDownLatch(1).await();
                    }
                    for (String[] change : changes) {
                        out.say("cloud: desired " + change[0] + "=" + change[1]);
                        target.getEmulator().updateShadow(target.getThingName(), null,
                            "{\"state\":{\"desired\":{\"" + change[0] + "\":\"" + change[1] + "\"}}}");
                    }
                    if (!mirrored.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("the changes were not all mirrored");
                    out.say("shadow now: " + target.getEmulator().shadow(target.getThingName(), null));
                }
                shadow.close();
            } finally {
                mqtt.disconnect().get(10, TimeUnit.SECONDS);
                mqtt.close();
            }
        }
        out.say("done");
    }
}
