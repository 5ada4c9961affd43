package dev.iotsdk.samples.commands;

import dev.iotsdk.commands.CommandOutcome;
import dev.iotsdk.commands.CommandRunnerEvent;
import dev.iotsdk.commands.CommandRunnerOptions;
import dev.iotsdk.commands.CommandsClient;
import dev.iotsdk.commands.CommandsClientJava;
import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.model.commands.CommandExecutionResult;
import dev.iotsdk.model.commands.DeviceType;
import dev.iotsdk.model.commands.StatusReason;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * AWS IoT Commands in Java with the command runner: a blocking handler reports progress and a result. Against the
 * embedded emulator the sample creates a command and starts two executions; against AWS IoT it handles what you start
 * until you stop it.
 */
public final class CommandsSampleJava {
    private CommandsSampleJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "commands-sample-java")) {
            out.say("CommandsSampleJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            IotMqttClientJava mqtt = target.client(target.getThingName()).asJava();
            try {
                mqtt.connect().get(10, TimeUnit.SECONDS);
                CommandsClientJava commands =
                    new CommandsClient(mqtt.asKotlin(), DeviceType.THING, target.getThingName()).asJava();
                LinkedBlockingQueue<CommandRunnerEvent> events = new LinkedBlockingQueue<>();
                try (AutoCloseable runner = commands.startCommandRunner(execution -> {
                    out.say("  " + execution.getExecutionId() + ": " + execution.getEvent().payloadAsString());
                    execution.reportProgress(new StatusReason("WORKING", null), null).join();
                    return CommandOutcome.succeeded(Map.of("echo", CommandExecutionResult.ofString("ok")));
                }, new CommandRunnerOptions(), events::add)) {
                    if (target.getEmulator() == null) {
                        out.say("handling command executions; stop with Ctrl-C");
                        Thread.currentThread().join();
                    }
                    while (events.poll(10, TimeUnit.SECONDS) != CommandRunnerEvent.Ready.INSTANCE) {
                        // wait until the runner's subscriptions are in place
                    }
                    var emulator = target.getEmulator().getCommands();
                    emulator.createCommand("java-echo", "{\"say\":\"hi\"}".getBytes(StandardCharsets.UTF_8), "application/json");
                    for (int i = 0; i < 2; i++) {
                        out.say("started " + emulator.startCommandExecution("java-echo", target.getThingName(), 30));
                    }
                    int finished = 0;
                    while (finished < 2) {
                        CommandRunnerEvent event = events.poll(20, TimeUnit.SECONDS);
                        if (event == null) throw new IllegalStateException("no answer from the runner");
                        if (event instanceof CommandRunnerEvent.Finished) {
                            finished++;
                            out.say("  " + event);
                        }
                    }
                }
                commands.close();
            } finally {
                mqtt.disconnect().get(10, TimeUnit.SECONDS);
                mqtt.close();
            }
        }
        out.say("done");
    }
}
