package dev.iotsdk.samples.heater;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.LifecycleEvent;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;

/**
 * The heater controller of {@link HeaterController}, written in Java against the client's Java view: commands on
 * {@code devices/<id>/commands/target} and {@code .../power}, answered on {@code devices/<id>/state} (bad ones on
 * {@code devices/<id>/errors}), telemetry every interval on {@code devices/<id>/telemetry} (failures counted, the
 * schedule goes on), and the state reported when it starts and again after every reconnect.
 *
 * <p>It only needs an {@link IotMqttClientJava}, so its tests run against {@code FakeIotMqttClient.asJava()} from
 * iot-test ({@code samples/src/test/java/dev/iotsdk/samples/heater/HeaterControllerJavaTest.java}).
 */
public final class HeaterControllerJava implements AutoCloseable {
    private static final double MIN_TARGET = 5.0;
    private static final double MAX_TARGET = 30.0;

    private final IotMqttClientJava client;
    private final String deviceId;
    private final Duration interval;
    private final DoubleSupplier sensor;
    private final AtomicReference<HeaterState> state = new AtomicReference<>(new HeaterState());
    private final AtomicInteger telemetryFailures = new AtomicInteger();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "heater-telemetry");
        thread.setDaemon(true);
        return thread;
    });
    private AutoCloseable commands;
    private AutoCloseable lifecycle;

    public HeaterControllerJava(IotMqttClientJava client, String deviceId, Duration interval, DoubleSupplier sensor) {
        this.client = client;
        this.deviceId = deviceId;
        this.interval = interval;
        this.sensor = sensor;
    }

    /**
     * Subscribes to the commands and follows the connection; once the broker confirmed the subscription, announces the
     * state and starts the telemetry. The future completes then. {@link #close()} stops it all.
     */
    public synchronized CompletableFuture<Void> start() {
        String prefix = "devices/" + deviceId + "/commands/";
        commands = client.onMessage(message -> {
            if (message.getTopic().startsWith(prefix)) onCommand(message);
        });
        lifecycle = client.addLifecycleListener(event -> {
            if (event instanceof LifecycleEvent.Disconnection) lost.set(true);
            if (event instanceof LifecycleEvent.ConnectionSuccess && lost.getAndSet(false)) publishState();
        });
        return client.subscribeAll(List.of(new Subscription(prefix + "+"))).thenRun(() -> {
            publishState();
            timer.scheduleWithFixedDelay(this::sendTelemetry, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** The controller's state. */
    public HeaterState state() {
        return state.get();
    }

    /** Telemetry messages that could not be sent. */
    public int telemetryFailures() {
        return telemetryFailures.get();
    }

    private void sendTelemetry() {
        HeaterState now = state.updateAndGet(s -> new HeaterState(s.getTarget(), s.getPowerOn(), sensor.getAsDouble()));
        try {
            client.publish(MqttMessage.text("devices/" + deviceId + "/telemetry", now.toJson())).join();
        } catch (RuntimeException e) {
            telemetryFailures.incrementAndGet(); // the next reading goes out anyway
        }
    }

    private void onCommand(MqttMessage message) {
        String command = message.getTopic().substring(message.getTopic().lastIndexOf('/') + 1);
        String value = message.payloadAsString().trim();
        if (command.equals("target")) {
            Double target = parseTarget(value);
            if (target == null) {
                reject("target must be a number of °C in " + MIN_TARGET + ".." + MAX_TARGET + ", not '" + value + "'");
                return;
            }
            state.updateAndGet(s -> new HeaterState(target, s.getPowerOn(), s.getTemperature()));
        } else if (command.equals("power") && (value.equals("on") || value.equals("off"))) {
            state.updateAndGet(s -> new HeaterState(s.getTarget(), value.equals("on"), s.getTemperature()));
        } else if (command.equals("power")) {
            reject("power must be 'on' or 'off', not '" + value + "'");
            return;
        } else {
            reject("unknown command '" + command + "'");
            return;
        }
        publishState();
    }

    private static Double parseTarget(String value) {
        try {
            double target = Double.parseDouble(value);
            return target >= MIN_TARGET && target <= MAX_TARGET ? target : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void publishState() {
        client.publish(MqttMessage.text("devices/" + deviceId + "/state", state.get().toJson()));
    }

    private void reject(String why) {
        client.publish(MqttMessage.text("devices/" + deviceId + "/errors", why));
    }

    @Override
    public synchronized void close() throws Exception {
        timer.shutdownNow();
        if (commands != null) commands.close();
        if (lifecycle != null) lifecycle.close();
        client.unsubscribe(List.of("devices/" + deviceId + "/commands/+"));
    }
}
