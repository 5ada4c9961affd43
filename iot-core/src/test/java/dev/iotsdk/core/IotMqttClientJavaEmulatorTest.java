package dev.iotsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.IotEmulatorJUnitExtension;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java view against the real emulator over mutual TLS, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class IotMqttClientJavaEmulatorTest {

    private static IotMqttClientConfig.Builder config(IotEmulator emulator, DeviceIdentity device) {
        return IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getMqttPort())
            .mutualTls(TlsIdentity.fromPemFiles(device.getCertificatePath(), device.getPrivateKeyPath()))
            .trust(TrustMaterial.fromPem(emulator.getCaCertificatePem()))
            .clientId(device.getThingName())
            .connectTimeout(Duration.ofSeconds(10));
    }

    @Test
    void connectsSubscribesPublishesAndReceivesOnTheCallbackExecutor(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("java-device");
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "java-callbacks"));
        IotMqttClientJava client = IotMqttClient.create(config(emulator, device).build()).asJava(callbacks);
        try {
            NegotiatedSettings settings = client.connect().get(20, TimeUnit.SECONDS);
            assertEquals("java-device", settings.getClientId());

            LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
            AutoCloseable subscription = client.subscribe("java/echo", Qos.AT_LEAST_ONCE, msg -> {
                threads.add(Thread.currentThread().getName());
                received.add(msg.payloadAsString());
            });
            String got = null;
            for (int i = 0; i < 100 && got == null; i++) {
                client.publish(MqttMessage.text("java/echo", "from java")).get(10, TimeUnit.SECONDS);
                got = received.poll(100, TimeUnit.MILLISECONDS);
            }
            assertEquals("from java", got);
            assertNotNull(threads.peek());
            assertEquals(true, threads.peek().startsWith("java-callbacks"));
            subscription.close();
        } finally {
            client.close();
            callbacks.shutdownNow();
        }
    }

    @Test
    void aManualSubscriptionsHandlerAcknowledgesEachMessageAfterProcessingIt(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("java-manual-ack");
        IotMqttClientJava client = IotMqttClient.create(config(emulator, device).build()).asJava();
        try {
            client.connect().get(20, TimeUnit.SECONDS);
            LinkedBlockingQueue<String> processed = new LinkedBlockingQueue<>();
            MqttSubscription sub = client.openSubscription("java/orders", Qos.AT_LEAST_ONCE, msg -> {
                processed.add(msg.payloadAsString() + ":" + msg.acknowledge() + ":" + msg.acknowledge());
            }, null, IncomingOverflow.DROP_QOS0, Acknowledgement.MANUAL).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                client.publish(MqttMessage.text("java/orders", "o" + i)).get(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 5; i++) {
                // acknowledged once: the second call has nothing left to acknowledge
                assertEquals("o" + i + ":true:false", processed.poll(10, TimeUnit.SECONDS));
            }
            sub.close();
        } finally {
            client.close();
        }
    }

    @Test
    void closingTheKotlinClientEndsTheViewsOwnCallbackThread(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("java-view-thread");
        IotMqttClient kotlin = IotMqttClient.create(config(emulator, device).build());
        IotMqttClientJava client = kotlin.asJava();
        LinkedBlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        client.addLifecycleListener(event -> {
            if (event instanceof LifecycleEvent.ConnectionSuccess) threads.add(Thread.currentThread());
        });
        client.connect().get(20, TimeUnit.SECONDS);
        Thread thread = threads.poll(10, TimeUnit.SECONDS);
        assertNotNull(thread);
        assertTrue(thread.getName().startsWith("iotsdk-callbacks-"), thread.getName());

        kotlin.close();
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the view's own callback thread ends when the Kotlin client closes");
        assertThrows(CancellationException.class, () -> client.publish(MqttMessage.text("t/1", "x")).join());
    }

    @Test
    void invalidInputFailsTheFutureWithTheTypedException(IotEmulator emulator) {
        DeviceIdentity device = emulator.registerThing("java-bad-input");
        IotMqttClientJava client = IotMqttClient.create(config(emulator, device).build()).asJava();
        try {
            CompletionException e = assertThrows(CompletionException.class,
                () -> client.publish(MqttMessage.text("a/+/b", "x")).join());
            assertInstanceOf(InvalidTopicException.class, e.getCause());
        } finally {
            client.close();
        }
    }
}
