package dev.iotsdk.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java paginators (Iterable and callback) and the JSON-text shadow read, against the emulator. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class DataPlanePaginatorJavaTest {

    private static IotDataPlaneClient client(IotEmulator emulator) {
        return IotDataPlaneClient.create(EmulatorDataPlane.config(emulator));
    }

    @Test
    void iteratesNamedShadowsPageByPageAsTheKotlinPaginatorDoes(IotEmulator emulator) throws Exception {
        try (IotDataPlaneClient client = client(emulator)) {
            IotDataPlaneClientJava data = client.asJava();
            for (int i = 1; i <= 5; i++) {
                data.updateThingShadow("paged-lamp", "{\"reported\":{\"n\":" + i + "}}", "s" + i).get(20, TimeUnit.SECONDS);
            }

            PaginationConfig byTwo = new PaginationConfig(null, 2, null);
            List<ListNamedShadowsPage> pages = new ArrayList<>();
            for (ListNamedShadowsPage page : data.listNamedShadowsForThingPaginator("paged-lamp", byTwo)) {
                pages.add(page);
            }
            assertEquals(List.of(2, 2, 1), pages.stream().map(p -> p.getResults().size()).collect(Collectors.toList()));
            assertEquals(List.of("s1", "s2", "s3", "s4", "s5"),
                pages.stream().flatMap(p -> p.getResults().stream()).sorted().collect(Collectors.toList()));
            assertNull(pages.get(2).getNextToken());
            assertSamePages(data.listNamedShadowsForThingPages("paged-lamp", byTwo).get(20, TimeUnit.SECONDS), pages);

            // maxItems cuts the walk as the Kotlin flow does, and each walk starts again from the beginning
            PaginationConfig three = new PaginationConfig(3, 2, null);
            DataPlanePaginator<ListNamedShadowsPage> paginator = data.listNamedShadowsForThingPaginator("paged-lamp", three);
            List<ListNamedShadowsPage> cut = new ArrayList<>();
            paginator.forEach(cut::add);
            assertEquals(List.of(2, 1), cut.stream().map(p -> p.getResults().size()).collect(Collectors.toList()));
            assertSamePages(data.listNamedShadowsForThingPages("paged-lamp", three).get(20, TimeUnit.SECONDS), cut);
            Iterator<ListNamedShadowsPage> again = paginator.iterator();
            assertEquals(cut.get(0).getResults(), again.next().getResults());
            assertEquals(cut.get(1).getResults(), again.next().getResults());
            assertFalse(again.hasNext());
            assertThrows(NoSuchElementException.class, again::next);

            // resuming from a token gives the rest
            String token = pages.get(0).getNextToken();
            List<String> rest = new ArrayList<>();
            data.listNamedShadowsForThingPaginator("paged-lamp", new PaginationConfig(null, 2, token)).forEach(p -> rest.addAll(p.getResults()));
            assertEquals(pages.stream().skip(1).flatMap(p -> p.getResults().stream()).collect(Collectors.toList()), rest);

            String doc = data.getThingShadowJson("paged-lamp", "s3").get(20, TimeUnit.SECONDS);
            assertTrue(doc.startsWith("{\"state\":{\"reported\":{\"n\":3}}"), doc);
            assertTrue(doc.contains("\"version\":1"), doc);
        }
    }

    @Test
    void walksRetainedMessagesWithACallbackOnAnExecutor(IotEmulator emulator) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "page-callbacks"));
        try (IotDataPlaneClient client = client(emulator)) {
            IotDataPlaneClientJava data = client.asJava();
            for (int i = 1; i <= 3; i++) {
                data.publish(PublishRequest.builder("paged/" + i).payload("v" + i).qos(1).retain(true).build()).get(20, TimeUnit.SECONDS);
            }
            List<String> topics = new ArrayList<>();
            List<String> threads = new ArrayList<>();
            data.listRetainedMessagesPaginator(new PaginationConfig(null, 1, null)).forEachPage(callbacks, page -> {
                threads.add(Thread.currentThread().getName());
                page.getRetainedTopics().forEach(t -> topics.add(t.getTopic()));
            }).get(20, TimeUnit.SECONDS);
            assertTrue(topics.containsAll(List.of("paged/1", "paged/2", "paged/3")), topics.toString());
            assertEquals(topics.size(), threads.size(), "one topic per page");
            assertTrue(threads.stream().allMatch(t -> t.startsWith("page-callbacks")), threads.toString());

            // a consumer that throws ends the walk with its exception, after the first page
            List<ListRetainedMessagesPage> seen = new ArrayList<>();
            ExecutionException failed = assertThrows(ExecutionException.class, () ->
                data.listRetainedMessagesPaginator(new PaginationConfig(null, 1, null)).forEachPage(page -> {
                    seen.add(page);
                    throw new IllegalStateException("stop here");
                }).get(20, TimeUnit.SECONDS));
            assertEquals("stop here", assertInstanceOf(IllegalStateException.class, failed.getCause()).getMessage());
            assertEquals(1, seen.size());
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void aFailedRequestThrowsTheSdkExceptionFromTheIterator(IotEmulator emulator) {
        try (IotDataPlaneClient client = client(emulator)) {
            IotDataPlaneClientJava data = client.asJava();
            Iterator<ListNamedShadowsPage> invalid = data.listNamedShadowsForThingPaginator("not a thing name", PaginationConfig.DEFAULT).iterator();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, invalid::hasNext);
            assertTrue(e.getMessage().contains("invalid thing name"), e.getMessage());
        }
        IotDataPlaneClient closed = client(emulator);
        closed.close();
        Iterator<ListRetainedMessagesPage> afterClose = closed.asJava().listRetainedMessagesPaginator(PaginationConfig.DEFAULT).iterator();
        assertThrows(java.util.concurrent.CancellationException.class, afterClose::hasNext);
    }

    private static void assertSamePages(List<ListNamedShadowsPage> expected, List<ListNamedShadowsPage> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).getResults(), actual.get(i).getResults(), "page " + i);
            assertEquals(expected.get(i).getNextToken(), actual.get(i).getNextToken(), "token of page " + i);
        }
    }
}
