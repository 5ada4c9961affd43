package dev.iotsdk.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.shadow.ShadowDocument;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The data-plane Java view against the emulator, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class IotDataPlaneClientJavaTest {

    @Test
    void shadowsPublishRetainedAndErrorsThroughFutures(IotEmulator emulator) throws Exception {
        try (IotDataPlaneClient client = IotDataPlaneClient.create(EmulatorDataPlane.config(emulator))) {
            IotDataPlaneClientJava data = client.asJava();
            ShadowDocument accepted = data.updateThingShadow("java-lamp", "{\"desired\":{\"on\":true}}", null).get(20, TimeUnit.SECONDS);
            assertEquals(1L, accepted.getVersion());
            assertEquals("{\"on\":true}", data.getThingShadow("java-lamp", null).get(20, TimeUnit.SECONDS).getState().getDelta().toString());

            data.updateThingShadow("java-lamp", "{\"reported\":{\"on\":true}}", "side").get(20, TimeUnit.SECONDS);
            assertEquals(List.of("side"), data.listNamedShadowsForThing("java-lamp", null, null).get(20, TimeUnit.SECONDS).getResults());

            data.publish(PublishRequest.builder("java/retained").payload("hello").qos(1).retain(true).userProperty("k", "v").build())
                .get(20, TimeUnit.SECONDS);
            RetainedMessage retained = data.getRetainedMessage("java/retained").get(20, TimeUnit.SECONDS);
            assertEquals("hello", retained.payloadAsString());
            List<ListRetainedMessagesPage> pages = data.listRetainedMessagesPages(new PaginationConfig(null, 1, null)).get(20, TimeUnit.SECONDS);
            assertTrue(pages.stream().anyMatch(p -> p.getRetainedTopics().stream().anyMatch(t -> t.getTopic().equals("java/retained"))));

            CompletionException missing = assertThrows(CompletionException.class, () -> data.getThingShadow("java-none", null).join());
            ResourceNotFoundException notFound = assertInstanceOf(ResourceNotFoundException.class, missing.getCause());
            assertEquals(404, notFound.getStatusCode());
            assertEquals(1L, data.deleteThingShadow("java-lamp", "side").get(20, TimeUnit.SECONDS).getVersion());
        }
    }
}
