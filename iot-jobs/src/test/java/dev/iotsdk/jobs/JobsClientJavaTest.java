package dev.iotsdk.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.jobs.JobExecution;
import dev.iotsdk.model.jobs.JobExecutionsChangedEvent;
import dev.iotsdk.model.jobs.JobStatus;
import dev.iotsdk.model.jobs.JobsErrorCode;
import dev.iotsdk.model.jobs.NextJobExecutionChangedEvent;
import dev.iotsdk.test.EmulatorClients;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java view against the emulator, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class JobsClientJavaTest {

    @Test
    void requestsRejectionsStreamsAndTheRunnerWorkFromJava(IotEmulator emulator) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        IotMqttClient mqtt = EmulatorClients.plainClient(emulator, "java-jobs");
        try {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            JobsClientJava jobs = new JobsClient(mqtt, "java-jobs").asJava(callbacks);

            LinkedBlockingQueue<JobsStreamEvent<NextJobExecutionChangedEvent>> next = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<JobsStreamEvent<JobExecutionsChangedEvent>> changes = new LinkedBlockingQueue<>();
            AutoCloseable stream = jobs.onNextJobExecutionChangedEvent(next::add, null);
            AutoCloseable changeStream = jobs.onJobExecutionsChangedEvent(changes::add, null);
            // the streams subscribe asynchronously and say when they are in place
            assertSame(JobsStreamEvent.Subscribed.INSTANCE, next.poll(20, TimeUnit.SECONDS));
            assertSame(JobsStreamEvent.Subscribed.INSTANCE, changes.poll(20, TimeUnit.SECONDS));

            emulator.createJob("java-1", "{\"action\":\"blink\"}", List.of("java-jobs"));
            NextJobExecutionChangedEvent nextJob = messageOf(next.poll(20, TimeUnit.SECONDS));
            assertEquals("java-1", nextJob.getExecution().getJobId());
            assertEquals("{\"action\":\"blink\"}", String.valueOf(nextJob.getExecution().getJobDocument()));
            JobExecutionsChangedEvent changed = messageOf(changes.poll(20, TimeUnit.SECONDS));
            assertEquals("java-1", changed.getJobs().get(JobStatus.QUEUED).get(0).getJobId());
            changeStream.close();
            assertEquals(1, jobs.getPendingJobExecutions().get(20, TimeUnit.SECONDS).getQueuedJobs().size());

            JobExecution started = jobs.startNextPendingJobExecution(Map.of("step", "one"), null)
                .get(20, TimeUnit.SECONDS).getExecution();
            assertEquals("java-1", started.getJobId());
            assertEquals(JobStatus.IN_PROGRESS, started.getStatus());

            ExecutionException rejected = assertThrows(ExecutionException.class,
                () -> jobs.updateJobExecution("java-1", JobStatus.SUCCEEDED, null, 99L).get(20, TimeUnit.SECONDS));
            JobsRejectedException e = assertInstanceOf(JobsRejectedException.class, rejected.getCause());
            assertEquals(JobsErrorCode.VERSION_MISMATCH, e.getCode());

            jobs.updateJobExecution("java-1", JobStatus.SUCCEEDED, Map.of("done", "yes"), 2L).get(20, TimeUnit.SECONDS);
            assertEquals("SUCCEEDED", emulator.jobExecution("java-jobs", "java-1").getStatus());
            stream.close();

            LinkedBlockingQueue<JobRunnerEvent> events = new LinkedBlockingQueue<>();
            AutoCloseable runner = jobs.startJobRunner(job -> {
                if (job.getJobId().equals("java-bad")) {
                    throw new IllegalArgumentException("unsupported action");
                }
                return new JobOutcome.Succeeded(Map.of("ran", job.getExecution().getJobId()));
            }, new JobRunnerOptions(), events::add);
            emulator.createJob("java-2", "{}", List.of("java-jobs"));
            emulator.createJob("java-bad", "{}", List.of("java-jobs"));
            int finished = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (finished < 2 && System.nanoTime() < deadline) {
                JobRunnerEvent event = events.poll(1, TimeUnit.SECONDS);
                if (event instanceof JobRunnerEvent.Finished) finished++;
            }
            assertEquals(2, finished);
            runner.close();
            assertEquals("SUCCEEDED", emulator.jobExecution("java-jobs", "java-2").getStatus());
            assertEquals("FAILED", emulator.jobExecution("java-jobs", "java-bad").getStatus());
            assertNull(emulator.jobExecution("java-jobs", "missing"));
            jobs.close();
        } finally {
            mqtt.close();
            callbacks.shutdownNow();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T messageOf(JobsStreamEvent<T> event) {
        return ((JobsStreamEvent.Message<T>) assertInstanceOf(JobsStreamEvent.Message.class, event)).getValue();
    }
}
