package dev.iotsdk.samples.jobs;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.jobs.JobOutcome;
import dev.iotsdk.jobs.JobRunnerEvent;
import dev.iotsdk.jobs.JobRunnerOptions;
import dev.iotsdk.jobs.JobsClient;
import dev.iotsdk.jobs.JobsClientJava;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Java device applying "config update" jobs with the job runner: the handler gets each job (its document as JSON
 * text), reports progress and returns its outcome; the runner does the rest (start-next, final status, retries). Against the embedded emulator the
 * sample queues one job and stops when it is done.
 */
public final class ConfigUpdateDeviceJava {
    private ConfigUpdateDeviceJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "config-device-java")) {
            out.say("ConfigUpdateDeviceJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            IotMqttClientJava mqtt = target.client(target.getThingName()).asJava();
            try {
                mqtt.connect().get(10, TimeUnit.SECONDS);
                JobsClientJava jobs = new JobsClient(mqtt.asKotlin(), target.getThingName()).asJava();
                CountDownLatch finished = new CountDownLatch(1);
                try (AutoCloseable runner = jobs.startJobRunner(job -> {
                    out.say("  device: applying " + job.getDocumentJson());
                    job.reportProgress(Map.of("step", "applying")).join();
                    return new JobOutcome.Succeeded(Map.of("applied", "true"));
                }, new JobRunnerOptions(), event -> {
                    out.say("  runner: " + event);
                    if (event instanceof JobRunnerEvent.Finished) finished.countDown();
                })) {
                    if (target.getEmulator() == null) {
                        out.say("running jobs until stopped (Ctrl-C)");
                        new CountDownLatch(1).await();
                    }
                    target.getEmulator().createJob("config-java-1", "{\"operation\":\"config-update\",\"settings\":{\"interval\":\"60s\"}}",
                        java.util.List.of(target.getThingName()));
                    out.say("queued job config-java-1");
                    if (!finished.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("the job did not finish");
                    out.say("config-java-1 is " + target.getEmulator().jobExecution(target.getThingName(), "config-java-1").getStatus());
                }
                jobs.close();
            } finally {
                mqtt.disconnect().get(10, TimeUnit.SECONDS);
                mqtt.close();
            }
        }
        out.say("done");
    }
}
