package dev.iotsdk.samples.jobs;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.jobs.JobsClient;
import dev.iotsdk.jobs.JobsClientJava;
import dev.iotsdk.model.jobs.GetPendingJobExecutionsResponse;
import dev.iotsdk.model.jobs.JobExecution;
import dev.iotsdk.model.jobs.JobStatus;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The v1 SDK's jobs sample flow in Java, by hand: get the pending executions, then start the next one, "run" it and
 * report SUCCEEDED until nothing is pending (woken by {@code notify-next} when running against AWS IoT). Against the
 * embedded emulator the sample queues three jobs first. See {@link ConfigUpdateDeviceJava} for the job runner.
 */
public final class JobsSampleJava {
    private JobsSampleJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "jobs-sample-java")) {
            out.say("JobsSampleJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            IotMqttClientJava mqtt = target.client(target.getThingName()).asJava();
            try {
                mqtt.connect().get(10, TimeUnit.SECONDS);
                JobsClientJava jobs = new JobsClient(mqtt.asKotlin(), target.getThingName()).asJava();
                Semaphore wake = new Semaphore(0);
                try (AutoCloseable watcher = jobs.onNextJobExecutionChanged(event -> wake.release())) {
                    if (target.getEmulator() != null) {
                        for (int i = 1; i <= 3; i++) {
                            target.getEmulator().createJob("java-job-" + i, "{\"operation\":\"blink\",\"times\":" + i + "}", List.of(target.getThingName()));
                        }
                        out.say("queued 3 jobs on the emulator");
                    }
                    GetPendingJobExecutionsResponse pending = jobs.getPendingJobExecutions().get(10, TimeUnit.SECONDS);
                    out.say("pending: " + size(pending.getInProgressJobs()) + " in progress, " + size(pending.getQueuedJobs()) + " queued");
                    while (true) {
                        JobExecution execution = jobs.startNextPendingJobExecution().get(10, TimeUnit.SECONDS).getExecution();
                        if (execution == null) {
                            if (target.getEmulator() != null) break;
                            out.say("nothing pending; waiting for notify-next");
                            wake.acquire();
                            continue;
                        }
                        out.say("  started " + execution.getJobId() + ": " + execution.getJobDocument());
                        jobs.updateJobExecution(execution.getJobId(), JobStatus.SUCCEEDED, Map.of("result", "ok"), execution.getVersionNumber())
                            .get(10, TimeUnit.SECONDS);
                        out.say("  " + execution.getJobId() + " -> SUCCEEDED");
                    }
                    out.say("no more pending jobs");
                }
                jobs.close();
            } finally {
                mqtt.disconnect().get(10, TimeUnit.SECONDS);
                mqtt.close();
            }
        }
        out.say("done");
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
