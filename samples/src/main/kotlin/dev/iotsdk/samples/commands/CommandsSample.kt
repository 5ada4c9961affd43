package dev.iotsdk.samples.commands

import dev.iotsdk.commands.CommandHandler
import dev.iotsdk.commands.CommandHandlers
import dev.iotsdk.commands.CommandOutcome
import dev.iotsdk.commands.CommandRunner
import dev.iotsdk.commands.CommandRunnerEvent
import dev.iotsdk.commands.CommandsClient
import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.DeviceType
import dev.iotsdk.model.commands.StatusReason
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * AWS IoT Commands on a device with [CommandRunner]: a handler per command (told apart by content type, since AWS's
 * request carries no command id), progress, results, and the outcome reported. Against the embedded emulator the
 * sample creates two commands and starts three executions itself; against AWS IoT it handles what you start (`aws
 * iot create-command`, then `aws iot-jobs-data start-command-execution`) until you stop it.
 */
public object CommandsSample {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "commands-sample-thing").use { target ->
            out.say("CommandsSample against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                target.client(target.thingName).use { mqtt ->
                    mqtt.connect()
                    val commands = CommandsClient(mqtt, DeviceType.THING, target.thingName)
                    val blink = CommandHandler { execution ->
                        out.say("  blink ${execution.executionId}: ${execution.event.payloadAsString()}")
                        execution.reportProgress(StatusReason("BLINKING"))
                        CommandOutcome.succeeded(mapOf("blinked" to CommandExecutionResult.ofBoolean(true)))
                    }
                    val handler = CommandHandlers.routed({ it.contentType }, mapOf("application/json" to blink))
                    val runner = CommandRunner(commands, handler = handler)
                    val emulator = target.emulator
                    if (emulator == null) {
                        out.say("handling command executions; stop with Ctrl-C")
                        runner.run()
                    }
                    val finished = async(start = CoroutineStart.UNDISPATCHED) {
                        runner.events.filterIsInstance<CommandRunnerEvent.Finished>().take(3).toList()
                    }
                    val ready = async(start = CoroutineStart.UNDISPATCHED) {
                        runner.events.first { it is CommandRunnerEvent.Ready }
                    }
                    val running = launch { runner.run() }
                    withTimeout(10.seconds) { ready.await() }
                    emulator.commands.createCommand("blink", """{"times":3}""".encodeToByteArray(), "application/json")
                    emulator.commands.createCommand("shout", "HELLO".encodeToByteArray(), "text/plain")
                    listOf("blink", "blink", "shout").forEach {
                        out.say("started $it: ${emulator.commands.startCommandExecution(it, target.thingName, 30)}")
                    }
                    withTimeout(20.seconds) { finished.await() }.forEach {
                        out.say(
                            "  ${it.executionId} -> ${it.status} (${emulator.commands.executionStatus(
                                it.executionId,
                            )})",
                        )
                    }
                    running.cancel()
                    commands.close()
                }
            }
        }
        out.say("done")
    }
}
