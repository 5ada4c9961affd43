package dev.iotsdk.samples.heater;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.Subscription;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the {@link HeaterControllerJava} as a device. Against the embedded emulator an app connection also sets the
 * target and waits for the answer; against AWS IoT the device runs until stopped. Its unit tests, against
 * {@code FakeIotMqttClient}, are in {@code HeaterControllerJavaTest}.
 */
public final class HeaterDeviceJava {
    private HeaterDeviceJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "heater-java")) {
            String id = target.getThingName();
            out.say("HeaterDeviceJava against " + target.describe() + ", thing '" + id + "'");
            IotMqttClientJava device = target.client(id).asJava();
            AtomicReference<Double> reading = new AtomicReference<>(18.0);
            try (HeaterControllerJava controller =
                     new HeaterControllerJava(device, id, Duration.ofSeconds(1), () -> reading.getAndUpdate(t -> t + 0.5))) {
                device.connect().get(20, TimeUnit.SECONDS);
                if (target.getEmulator() == null) {
                    controller.start().get(20, TimeUnit.SECONDS);
                    out.say("running until stopped (Ctrl-C); send commands to devices/" + id + "/commands/+");
                    new CountDownLatch(1).await();
                }
                IotMqttClientJava app = target.client(id + "-app").asJava();
                try {
                    app.connect().get(20, TimeUnit.SECONDS);
                    LinkedBlockingQueue<String> states = new LinkedBlockingQueue<>();
                    try (AutoCloseable listening = app.onMessage(m -> {
                        if (m.getTopic().equals("devices/" + id + "/state")) states.add(m.payloadAsString());
                    })) {
                        // completes after the SUBACK, so the device's announcement cannot come before the subscription
                        app.subscribeAll(List.of(new Subscription("devices/" + id + "/state"))).get(20, TimeUnit.SECONDS);
                        controller.start().get(20, TimeUnit.SECONDS);
                        out.say("app: the device announced " + next(states));
                        out.say("app: target 21.5");
                        app.publish(MqttMessage.text("devices/" + id + "/commands/target", "21.5")).get(20, TimeUnit.SECONDS);
                        out.say("app: the device answered " + next(states));
                    }
                } finally {
                    app.close();
                }
                out.say("device: " + controller.state());
            } finally {
                device.close();
            }
        }
        out.say("done");
    }

    private static String next(LinkedBlockingQueue<String> states) throws InterruptedException {
        String state = states.poll(20, TimeUnit.SECONDS);
        if (state == null) throw new IllegalStateException("the device did not report its state within 20 s");
        return state;
    }
}
