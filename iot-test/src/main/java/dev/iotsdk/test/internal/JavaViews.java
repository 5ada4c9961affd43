package dev.iotsdk.test.internal;

import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientJava;
import java.util.concurrent.Executor;

/**
 * Makes the Java view of a client that is not iot-core's own. iot-core has no public way to build an
 * {@link IotMqttClientJava} around another {@link IotMqttClient} (its constructor is Kotlin-{@code internal}, which the
 * JVM sees as public); until it has one, this is the only place that calls the constructor from outside iot-core.
 */
public final class JavaViews {
    private JavaViews() {
    }

    /** The Java view of {@code client}, with callbacks on {@code executor} ({@code null}: a thread of its own). */
    public static IotMqttClientJava of(IotMqttClient client, Executor executor) {
        return new IotMqttClientJava(client, executor);
    }
}
