package dev.iotsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.testing.FakeIotMqttClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IotMqttClientJavaTest {
    private FakeIotMqttClient fake;
    private ExecutorService executor;
    private IotMqttClientJava client;

    @BeforeEach
    void setUp() {
        fake = new FakeIotMqttClient();
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-callbacks"));
        client = fake.asJava(executor);
    }

    @AfterEach
    void tearDown() {
        client.close();
        executor.shutdownNow();
    }

    /** Coroutines' debug mode (on with -ea) appends " @coroutine#n" to the name while a coroutine runs. */
    private static void assertCallbackThread(String name) {
        assertTrue(name != null && name.startsWith("test-callbacks"), String.valueOf(name));
    }

    @Test
    void futuresCompleteWithTheKotlinResults() {
        NegotiatedSettings settings = client.connect().join();
        assertEquals("fake-client", settings.getClientId());
        assertInstanceOf(ConnectionState.Connected.class, client.getState());

        PublishResult result = client.publish("t/1", "{}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, false).join();
        assertEquals(Qos.AT_LEAST_ONCE, result.getQos());
        client.publish(MqttMessage.text("t/2", "x")).join();
        assertEquals(2, fake.getPublished().size());

        List<SubscribeOutcome> outcomes = client.subscribeAll(List.of(new Subscription("a/+"))).join();
        assertTrue(outcomes.get(0).isSuccess());
        client.unsubscribe(List.of("a/+")).join();
        assertEquals(List.of("a/+"), fake.getUnsubscribeLog());
        assertEquals(0L, client.getStatistics().getIncompleteOperationCount());
    }

    @Test
    void futuresFailWithTheKotlinExceptionAsCause() {
        PublishRejectedException rejected = new PublishRejectedException("t/1", 0x87, "NOT_AUTHORIZED", null);
        fake.setPublishError(rejected);
        CompletionException e = assertThrows(CompletionException.class, () -> client.publish(MqttMessage.text("t/1", "x")).join());
        assertSame(rejected, e.getCause());

        fake.getRejectFilters().add("denied/#");
        List<SubscribeOutcome> outcomes = client.subscribeAll(List.of(new Subscription("denied/#"))).join();
        assertFalse(outcomes.get(0).isSuccess());
    }

    @Test
    void callbacksRunOnTheGivenExecutorAndClosingStopsDeliveryAndUnsubscribes() throws Exception {
        LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> payloads = new LinkedBlockingQueue<>();
        AutoCloseable sub = client.subscribe("cmd/+", Qos.AT_LEAST_ONCE, msg -> {
            threads.add(Thread.currentThread().getName());
            payloads.add(msg.payloadAsString());
        }, Throwable::printStackTrace);
        assertTrue(fake.awaitSubscribed("cmd/+", 5_000));

        assertTrue(fake.deliver("cmd/1", "one"));
        assertEquals("one", payloads.poll(5, TimeUnit.SECONDS));
        assertCallbackThread(threads.poll(5, TimeUnit.SECONDS));

        sub.close();
        assertTrue(fake.awaitUnsubscribed("cmd/+", 5_000));
        assertFalse(fake.deliver("cmd/1", "two"), "the broker no longer holds the subscription");
        assertEquals(null, payloads.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void aRefusedSubscriptionIsReportedToOnError() throws Exception {
        fake.getRejectFilters().add("denied/#");
        LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        client.subscribe("denied/#", Qos.AT_MOST_ONCE, msg -> { }, errors::add);
        assertInstanceOf(SubscribeRejectedException.class, errors.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void anExceptionInACallbackGoesToOnErrorAndDeliveryContinues() throws Exception {
        LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> payloads = new LinkedBlockingQueue<>();
        client.subscribe("cmd/#", Qos.AT_LEAST_ONCE, msg -> {
            if (msg.payloadAsString().equals("boom")) throw new IllegalStateException("boom");
            payloads.add(msg.payloadAsString());
        }, errors::add);
        assertTrue(fake.awaitSubscribed("cmd/#", 5_000));
        fake.deliver("cmd/1", "boom");
        fake.deliver("cmd/1", "ok");
        assertInstanceOf(IllegalStateException.class, errors.poll(5, TimeUnit.SECONDS));
        assertEquals("ok", payloads.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void lifecycleListenersAndMessageListenersReceiveEventsOnTheExecutor() throws Exception {
        CopyOnWriteArrayList<LifecycleEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch connected = new CountDownLatch(1);
        LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
        AutoCloseable listener = client.addLifecycleListener(event -> {
            events.add(event);
            threads.add(Thread.currentThread().getName());
            if (event instanceof LifecycleEvent.ConnectionSuccess) connected.countDown();
        });
        LinkedBlockingQueue<String> all = new LinkedBlockingQueue<>();
        client.onMessage(msg -> all.add(msg.getTopic()));

        client.connect().join();
        assertTrue(connected.await(5, TimeUnit.SECONDS));
        assertInstanceOf(LifecycleEvent.ConnectionSuccess.class, events.get(0));
        assertCallbackThread(threads.poll(5, TimeUnit.SECONDS));

        client.subscribeAll(List.of(new Subscription("x/#"))).join();
        fake.deliver("x/1", "hello");
        assertEquals("x/1", all.poll(5, TimeUnit.SECONDS));

        listener.close(); // cancels the collection at once: later events never reach the callback
        fake.simulateConnectionLost();
        assertEquals(null, threads.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(1, events.size());
    }

    @Test
    void theDefaultExecutorIsADaemonThreadNamedIotsdkCallbacks() throws Exception {
        FakeIotMqttClient other = new FakeIotMqttClient();
        IotMqttClientJava view = other.asJava(null);
        LinkedBlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        view.subscribe("d/1", msg -> threads.add(Thread.currentThread()));
        assertTrue(other.awaitSubscribed("d/1", 5_000));
        other.deliver("d/1", "x");
        Thread thread = threads.poll(5, TimeUnit.SECONDS);
        assertTrue(thread.getName().startsWith("iotsdk-callbacks"), thread.getName());
        assertTrue(thread.isDaemon());
        view.close();
        assertInstanceOf(ConnectionState.Closed.class, other.getState().getValue());
        thread.join(10_000);
        assertFalse(thread.isAlive(), "the view's own callback thread ends when the view closes");
    }

    @Test
    void closingTheViewLeavesTheCallersExecutorRunning() throws Exception {
        LinkedBlockingQueue<String> payloads = new LinkedBlockingQueue<>();
        client.subscribe("e/1", msg -> payloads.add(msg.payloadAsString()));
        assertTrue(fake.awaitSubscribed("e/1", 5_000));
        fake.deliver("e/1", "before");
        assertEquals("before", payloads.poll(5, TimeUnit.SECONDS));

        client.close();
        assertTrue(fake.awaitUnsubscribed("e/1", 5_000));
        assertFalse(executor.isShutdown());
        CountDownLatch stillRuns = new CountDownLatch(1);
        executor.execute(stillRuns::countDown);
        assertTrue(stillRuns.await(5, TimeUnit.SECONDS));
        assertTrue(client.connect().isCancelled(), "a closed view's futures are cancelled at once");
    }
}
