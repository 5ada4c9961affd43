package dev.iotsdk.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.commands.CommandExecutionResult;
import dev.iotsdk.model.commands.CommandExecutionStatus;
import dev.iotsdk.model.commands.DeviceType;
import dev.iotsdk.model.commands.RejectedErrorCode;
import dev.iotsdk.model.commands.StatusReason;
import dev.iotsdk.test.EmulatorClients;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java view against the emulator over mutual TLS, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class CommandsClientJavaTest {

    @Test
    void streamsUpdatesRejectionsAndTheRunnerWorkFromJava(IotEmulator emulator) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        DeviceIdentity device = emulator.registerThing("java-commands");
        IotMqttClient mqtt = EmulatorClients.mtlsClient(emulator, device);
        try (ControlPlane cp = new ControlPlane(emulator)) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            CommandsClientJava commands = new CommandsClient(mqtt, DeviceType.THING, "java-commands").asJava(callbacks);
            String command = cp.createCommand("java-hello", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8),
                "application/json");
            String target = cp.thingArn("java-commands");

            LinkedBlockingQueue<CommandsStreamEvent> events = new LinkedBlockingQueue<>();
            AutoCloseable stream = commands.createCommandExecutionsJsonPayloadStream(events::add, null);
            assertSame(CommandsStreamEvent.Subscribed.INSTANCE, events.poll(20, TimeUnit.SECONDS));
            String id = cp.start(command, target, 30L);
            CommandExecutionEvent event =
                assertInstanceOf(CommandsStreamEvent.Execution.class, events.poll(20, TimeUnit.SECONDS)).getEvent();
            stream.close();
            assertEquals(id, event.getExecutionId());
            assertEquals("application/json", event.getContentType());
            assertEquals("{\"hello\":1}", event.payloadAsString());

            commands.updateCommandExecution(new UpdateCommandExecutionRequest(id, CommandExecutionStatus.SUCCEEDED,
                new StatusReason("DONE", null), Map.of("ok", CommandExecutionResult.ofBoolean(true))))
                .get(20, TimeUnit.SECONDS);
            ExecutionException late = assertThrows(ExecutionException.class, () -> commands.updateCommandExecution(
                new UpdateCommandExecutionRequest(id, CommandExecutionStatus.FAILED)).get(20, TimeUnit.SECONDS));
            CommandsRejectedException rejected = assertInstanceOf(CommandsRejectedException.class, late.getCause());
            assertEquals(RejectedErrorCode.TERMINAL_STATE_REACHED, rejected.getCode());

            LinkedBlockingQueue<CommandRunnerEvent> runnerEvents = new LinkedBlockingQueue<>();
            AutoCloseable runner = commands.startCommandRunner(execution -> {
                execution.reportProgress(new StatusReason("WORKING", "from Java"), null).join();
                return CommandOutcome.succeeded(Map.of("from", CommandExecutionResult.ofString("java")));
            }, new CommandRunnerOptions(), runnerEvents::add);
            assertSame(CommandRunnerEvent.Ready.INSTANCE, runnerEvents.poll(20, TimeUnit.SECONDS));
            String second = cp.start(command, target, 30L);
            CommandRunnerEvent next = runnerEvents.poll(20, TimeUnit.SECONDS);
            while (!(next instanceof CommandRunnerEvent.Finished)) {
                if (next == null) throw new AssertionError("the runner reported no Finished event");
                next = runnerEvents.poll(20, TimeUnit.SECONDS);
            }
            CommandRunnerEvent.Finished finished = (CommandRunnerEvent.Finished) next;
            assertEquals(second, finished.getExecutionId());
            assertEquals(CommandExecutionStatus.SUCCEEDED, finished.getStatus());
            assertTrue(finished.getAccepted());
            assertEquals("java", cp.get(second, target).result().get("from").s());
            runner.close();
            commands.close();
        } finally {
            mqtt.close();
            callbacks.shutdownNow();
        }
    }
}
