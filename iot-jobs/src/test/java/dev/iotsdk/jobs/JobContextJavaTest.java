package dev.iotsdk.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A blocking Java job handler: the document as JSON text, progress reports, and remote cancellation. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class JobContextJavaTest {

    @Test
    void aJavaHandlerReadsTheDocumentReportsProgressAndIsInterruptedWhenCanceled(IotEmulator emulator) throws Exception {
        String thing = "java-job-context";
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        IotMqttClient mqtt = IotMqttClient.create(IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPlainPort())
            .connectionType(new ConnectionType.Tcp())
            .clientId(thing)
            .build());
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<JobRunnerEvent> events = new LinkedBlockingQueue<>();
        try (JobsClientJava jobs = new JobsClient(mqtt, thing).asJava(callbacks)) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            AutoCloseable runner = jobs.startJobRunner(job -> {
                if (job.getJobId().equals("long-update")) {
                    seen.add("document " + job.getDocumentJson());
                    job.reportProgress(Map.of("step", "downloaded"), 5L).join();
                    seen.add("progress reported");
                    try {
                        new CountDownLatch(1).await(); // the "work": blocks until the job is canceled
                        seen.add("not interrupted");
                    } catch (InterruptedException e) {
                        seen.add("interrupted, cancelled=" + job.isCancelled());
                        throw e;
                    }
                    return new JobOutcome.Failed();
                }
                seen.add("next job, interrupted=" + Thread.currentThread().isInterrupted() + ", cancelled=" + job.isCancelled());
                return new JobOutcome.Succeeded();
            }, new JobRunnerOptions(), events::add);

            emulator.createJob("long-update", "{\"action\":\"update\",\"version\":\"2.0\"}", List.of(thing));
            assertEquals("document {\"action\":\"update\",\"version\":\"2.0\"}", seen.poll(20, TimeUnit.SECONDS));
            assertEquals("progress reported", seen.poll(20, TimeUnit.SECONDS));
            assertEquals("IN_PROGRESS", emulator.jobExecution(thing, "long-update").getStatus());
            assertEquals(Map.of("step", "downloaded"), emulator.jobExecution(thing, "long-update").getStatusDetails());

            emulator.cancelJob("long-update");
            assertEquals("interrupted, cancelled=true", seen.poll(20, TimeUnit.SECONDS));
            assertTrue(awaitEvent(events, JobRunnerEvent.Canceled.class), "no Canceled event");
            assertEquals("CANCELED", emulator.jobExecution(thing, "long-update").getStatus());

            // the runner goes on, on a thread whose interrupt flag was cleared
            emulator.createJob("next-job", "{}", List.of(thing));
            assertEquals("next job, interrupted=false, cancelled=false", seen.poll(20, TimeUnit.SECONDS));
            assertTrue(awaitEvent(events, JobRunnerEvent.Finished.class), "no Finished event");
            assertEquals("SUCCEEDED", emulator.jobExecution(thing, "next-job").getStatus());
            assertFalse(seen.contains("not interrupted"));
            runner.close();
        } finally {
            mqtt.close();
            callbacks.shutdownNow();
        }
    }

    private static boolean awaitEvent(LinkedBlockingQueue<JobRunnerEvent> events, Class<? extends JobRunnerEvent> type) throws InterruptedException {
        while (true) {
            JobRunnerEvent event = events.poll(20, TimeUnit.SECONDS);
            if (event == null) return false;
            if (type.isInstance(event)) return true;
        }
    }
}
