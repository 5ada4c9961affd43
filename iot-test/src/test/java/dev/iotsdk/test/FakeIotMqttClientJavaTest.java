package dev.iotsdk.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.ConnectionState;
import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.LifecycleEvent;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.PublishRejectedException;
import dev.iotsdk.core.Qos;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake as a Java test uses it: through the client's Java view, driven and awaited without coroutines. */
class FakeIotMqttClientJavaTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private ExecutorService callbacks;

    @BeforeEach
    void start() {
        callbacks = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        callbacks.shutdownNow();
    }

    @Test
    void theJavaViewPublishesSubscribesAndReceives() throws Exception {
        FakeIotMqttClient fake = new FakeIotMqttClient("java-device");
        IotMqttClientJava client = fake.asJava(callbacks);
        assertEquals("java-device", client.connect().get(5, TimeUnit.SECONDS).getClientId());

        LinkedBlockingQueue<String> commands = new LinkedBlockingQueue<>();
        AutoCloseable subscription = client.subscribe("cmd/java-device/+", Qos.AT_LEAST_ONCE,
            message -> commands.add(message.getTopic() + " " + message.payloadAsString()));
        fake.blocking().awaitSubscribed("cmd/java-device/+", WAIT);
        assertTrue(fake.deliver("cmd/java-device/set", "{\"on\":true}"));
        assertEquals("cmd/java-device/set {\"on\":true}", commands.poll(5, TimeUnit.SECONDS));

        client.publish(MqttMessage.text("state/java-device", "{\"on\":true}")).get(5, TimeUnit.SECONDS);
        MqttMessage state = fake.blocking().awaitPublish("state/+", WAIT, m -> m.payloadAsString().contains("true"));
        assertEquals("state/java-device", state.getTopic());
        assertEquals(1, fake.getPublished().size());

        subscription.close();
        fake.blocking().awaitUnsubscribed("cmd/java-device/+", WAIT);
        assertTrue(fake.getSubscriptions().getValue().isEmpty());
    }

    @Test
    void injectedFailuresAndTheLifecycleReachJavaCallers() throws Exception {
        FakeIotMqttClient fake = new FakeIotMqttClient();
        IotMqttClientJava client = fake.asJava(callbacks);
        LinkedBlockingQueue<LifecycleEvent> events = new LinkedBlockingQueue<>();
        client.addLifecycleListener(events::add);
        client.connect().join();
        assertInstanceOf(LifecycleEvent.AttemptingConnect.class, events.poll(5, TimeUnit.SECONDS));
        assertInstanceOf(LifecycleEvent.ConnectionSuccess.class, events.poll(5, TimeUnit.SECONDS));

        PublishRejectedException rejected = new PublishRejectedException("alarm", 0x87, "NOT_AUTHORIZED", null);
        fake.failPublishes(rejected, "alarm", 1);
        CompletionException failed =
            assertThrows(CompletionException.class, () -> client.publish(MqttMessage.text("alarm", "!")).join());
        assertSame(rejected, failed.getCause());
        client.publish(MqttMessage.text("alarm", "!")).join();

        fake.simulateConnectionLost();
        assertInstanceOf(LifecycleEvent.Disconnection.class, events.poll(5, TimeUnit.SECONDS));
        assertInstanceOf(ConnectionState.WaitingToReconnect.class, client.getState());
        fake.simulateReconnect(false);
        assertInstanceOf(LifecycleEvent.AttemptingConnect.class, events.poll(5, TimeUnit.SECONDS));
        assertInstanceOf(LifecycleEvent.ConnectionSuccess.class, events.poll(5, TimeUnit.SECONDS));

        AssertionError none = assertThrows(AssertionError.class,
            () -> fake.blocking().awaitPublish("never", Duration.ofMillis(50)));
        assertNotNull(none.getMessage());
        fake.close();
        assertSame(ConnectionState.Closed.INSTANCE, client.getState());
    }
}
