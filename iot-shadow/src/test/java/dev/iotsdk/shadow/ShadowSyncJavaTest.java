package dev.iotsdk.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.shadow.ShadowDocumentsMessage;
import dev.iotsdk.test.EmulatorClients;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shadow state sync and the JSON-text reads from Java, with Jackson as the user's JSON library. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class ShadowSyncJavaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExecutorService executor;

    @BeforeEach
    void startExecutor() {
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "sync-callbacks"));
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void keepsTheDeviceAndItsShadowInStep(IotEmulator emulator) throws Exception {
        String thing = "java-sync-lamp";
        try (IotMqttClient mqtt = connect(emulator, "java-sync");
             ShadowClient kotlin = new ShadowClient(mqtt, thing);
             ShadowClientJava shadow = kotlin.asJava(executor)) {
            LinkedBlockingQueue<String> handlerThreads = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<JsonNode> documents = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<JavaLamp> states = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
            AutoCloseable documentsSub = shadow.onDocumentsJson(null, json -> documents.add(readTree(json)), null);

            ShadowSyncJava<JavaLamp> sync = shadow.sync(JavaLamp.CODEC, new JavaLamp("off", 1), desired -> {
                handlerThreads.add(Thread.currentThread().getName());
                if ("broken".equals(desired.power)) throw new IllegalStateException("the lamp cannot be broken");
                return new JavaLamp(desired.power, Math.min(desired.brightness, 10)); // the hardware's limit
            });
            sync.onState(states::add);
            sync.onError(errors::add);
            assertEquals(new JavaLamp("off", 1), states.poll(10, TimeUnit.SECONDS));
            CompletableFuture<Void> running = sync.start();
            assertTrue(running == sync.start(), "start is idempotent");

            // the first read finds no shadow: the device's state is reported as it is
            awaitReported(documents, reported -> reported.path("power").asText().equals("off"));
            assertEquals(new JavaLamp("off", 1), sync.getState());

            // a cloud-side change goes through the handler (on the view's executor) and its result is reported
            emulator.updateShadow(thing, null, "{\"state\":{\"desired\":{\"power\":\"on\",\"brightness\":50}}}");
            awaitReported(documents, reported -> reported.path("brightness").asInt() == 10);
            assertEquals(new JavaLamp("on", 10), sync.getState());
            assertEquals(new JavaLamp("on", 10), lastOf(states, new JavaLamp("on", 10)));
            assertTrue(handlerThreads.poll(10, TimeUnit.SECONDS).startsWith("sync-callbacks"));
            assertNotNull(sync.getVersion());

            JsonNode doc = readTree(shadow.getJson(null).get(20, TimeUnit.SECONDS));
            assertEquals("on", doc.path("state").path("reported").path("power").asText());
            assertEquals(10, doc.path("state").path("reported").path("brightness").asInt());
            assertTrue(doc.path("version").asLong() >= 3, doc.toString());

            // a handler that throws is reported and the sync goes on
            emulator.updateShadow(thing, null, "{\"state\":{\"desired\":{\"power\":\"broken\"}}}");
            Throwable error = errors.poll(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, error);
            assertEquals("the lamp cannot be broken", error.getMessage());
            emulator.updateShadow(thing, null, "{\"state\":{\"desired\":{\"power\":\"off\",\"brightness\":2}}}");
            awaitReported(documents, reported -> reported.path("brightness").asInt() == 2);
            assertEquals(new JavaLamp("off", 2), sync.getState());

            sync.close();
            assertThrows(CancellationException.class, () -> running.get(10, TimeUnit.SECONDS));
            documentsSub.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsDocumentsAndDeltasAsJsonText(IotEmulator emulator) throws Exception {
        String thing = "java-json-lamp";
        try (IotMqttClient mqtt = connect(emulator, "java-json");
             ShadowClient kotlin = new ShadowClient(mqtt, thing);
             ShadowClientJava shadow = kotlin.asJava(executor)) {
            shadow.update("{\"reported\":{\"power\":\"off\"}}", null, "lamp").get(20, TimeUnit.SECONDS);
            LinkedBlockingQueue<String> deltas = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<ShadowEvent<?>> status = new LinkedBlockingQueue<>();
            try (AutoCloseable events = shadow.onDeltaEvent("lamp", status::add, null);
                 AutoCloseable json = shadow.onDeltaJson("lamp", deltas::add, null)) {
                assertEquals(ShadowEvent.Subscribed.INSTANCE, status.poll(10, TimeUnit.SECONDS));
                emulator.updateShadow(thing, "lamp", "{\"state\":{\"desired\":{\"power\":\"on\"}}}");
                JsonNode delta = readTree(deltas.poll(10, TimeUnit.SECONDS));
                assertEquals("on", delta.path("state").path("power").asText());
                assertEquals(2, delta.path("version").asLong());
                assertTrue(delta.path("metadata").path("power").has("timestamp"), delta.toString());
            }
            JsonNode doc = readTree(shadow.getJson("lamp").get(20, TimeUnit.SECONDS));
            assertEquals("on", doc.path("state").path("desired").path("power").asText());

            LinkedBlockingQueue<ShadowEvent<ShadowDocumentsMessage>> documents = new LinkedBlockingQueue<>();
            try (AutoCloseable sub = shadow.onDocumentsEvent("lamp", documents::add, null)) {
                assertEquals(ShadowEvent.Subscribed.INSTANCE, documents.poll(10, TimeUnit.SECONDS));
                shadow.update("{\"reported\":{\"power\":\"on\"}}", null, "lamp").get(20, TimeUnit.SECONDS);
                ShadowEvent<ShadowDocumentsMessage> event = documents.poll(10, TimeUnit.SECONDS);
                ShadowDocumentsMessage message = ((ShadowEvent.Received<ShadowDocumentsMessage>) assertInstanceOf(ShadowEvent.Received.class, event)).getValue();
                assertEquals(3L, message.getCurrent().getVersion());
            }
            assertEquals("off", doc.path("state").path("reported").path("power").asText());
            assertEquals("on", doc.path("state").path("delta").path("power").asText());
            assertEquals(2, doc.path("version").asLong());
        }
    }

    private static IotMqttClient connect(IotEmulator emulator, String clientId) throws Exception {
        IotMqttClient mqtt = EmulatorClients.plainClient(emulator, clientId);
        mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
        return mqtt;
    }

    /** Waits for a documents message whose current reported state matches. */
    private static void awaitReported(LinkedBlockingQueue<JsonNode> documents, Predicate<JsonNode> matches) throws InterruptedException {
        while (true) {
            JsonNode doc = documents.poll(10, TimeUnit.SECONDS);
            if (doc == null) throw new AssertionError("no matching shadow documents message within 10 s");
            if (matches.test(doc.path("current").path("state").path("reported"))) return;
        }
    }

    /** Waits until [expected] arrives, skipping intermediate states. */
    private static JavaLamp lastOf(LinkedBlockingQueue<JavaLamp> states, JavaLamp expected) throws InterruptedException {
        while (true) {
            JavaLamp state = states.poll(10, TimeUnit.SECONDS);
            if (state == null || state.equals(expected)) return state;
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
