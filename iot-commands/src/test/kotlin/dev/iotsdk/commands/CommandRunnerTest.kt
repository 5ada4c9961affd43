package dev.iotsdk.commands

import dev.iotsdk.model.commands.CommandExecutionResult
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.DeviceType
import dev.iotsdk.model.commands.StatusReason
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.mtlsClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import software.amazon.awssdk.services.iot.model.CommandExecutionStatus as AwsStatus

class CommandRunnerTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("the handler is cancelled when the execution times out and the runner reports TIMED_OUT") {
            val device = emulator.registerThing("run-timeout")
            ControlPlane(emulator).use { cp ->
                val command = cp.createCommand("slow", "{}".encodeToByteArray(), "application/json")
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    val commands = CommandsClient(mqtt, DeviceType.THING, "run-timeout")
                    val started = CompletableDeferred<Unit>()
                    val cancelled = CompletableDeferred<Unit>()
                    val runner = CommandRunner(commands) {
                        started.complete(Unit)
                        try {
                            awaitCancellation()
                        } finally {
                            cancelled.complete(Unit)
                        }
                    }
                    coroutineScope {
                        val finished = CompletableDeferred<CommandRunnerEvent.Finished>()
                        launch(start = CoroutineStart.UNDISPATCHED) {
                            finished.complete(runner.events.filterIsInstance<CommandRunnerEvent.Finished>().first())
                        }
                        val ready = readyOf(runner)
                        val running = launch { runner.run() }
                        val id = startWhenReady(cp, ready, command, "run-timeout", 2)
                        withTimeout(15.seconds) {
                            started.await()
                            cancelled.await()
                            val event = finished.await()
                            event.executionId shouldBe id
                            event.status shouldBe CommandExecutionStatus.TIMED_OUT
                            event.accepted shouldBe true
                        }
                        running.cancelAndJoin()
                        val stored = cp.get(id, cp.thingArn("run-timeout"))
                        stored.status() shouldBe AwsStatus.TIMED_OUT
                        stored.statusReason().reasonCode() shouldBe "DEVICE_TIMEOUT"
                        (stored.completedAt() != null) shouldBe true
                    }
                    commands.close()
                }
            }
        }

        test("at most maxConcurrent handlers run at once; every execution reports its outcome and result") {
            val device = emulator.registerThing("run-bounded")
            ControlPlane(emulator).use { cp ->
                val command = cp.createCommand("work", "{}".encodeToByteArray(), "application/json")
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    val commands = CommandsClient(mqtt, DeviceType.THING, "run-bounded")
                    val now = AtomicInteger()
                    val most = AtomicInteger()
                    val entered = Channel<Unit>(Channel.UNLIMITED)
                    val release = CompletableDeferred<Unit>()
                    val runner = CommandRunner(commands, CommandRunnerOptions(maxConcurrent = 2)) { execution ->
                        most.accumulateAndGet(now.incrementAndGet(), ::maxOf)
                        entered.send(Unit)
                        execution.reportProgress(StatusReason("WORKING"))
                        release.await()
                        now.decrementAndGet()
                        CommandOutcome.succeeded(mapOf("ok" to CommandExecutionResult.ofBoolean(true)))
                    }
                    coroutineScope {
                        val finished = async4(runner)
                        val ready = readyOf(runner)
                        val running = launch { runner.run() }
                        val first = startWhenReady(cp, ready, command, "run-bounded", 30)
                        val ids = listOf(first) + (1..3).map { cp.start(command, cp.thingArn("run-bounded"), 30) }
                        withTimeout(15.seconds) {
                            repeat(2) { entered.receive() }
                            // two are running and two wait; nothing else can enter until one ends
                            entered.tryReceive().isSuccess shouldBe false
                            release.complete(Unit)
                            repeat(2) { entered.receive() }
                            val done = finished.await()
                            done.map { it.executionId }.toSet() shouldBe ids.toSet()
                            done.all { it.status == CommandExecutionStatus.SUCCEEDED && it.accepted } shouldBe true
                        }
                        most.get() shouldBe 2
                        running.cancelAndJoin()
                        val stored = cp.get(ids.last(), cp.thingArn("run-bounded"))
                        stored.status() shouldBe AwsStatus.SUCCEEDED
                        stored.result()["ok"]!!.b() shouldBe true
                    }
                    commands.close()
                }
            }
        }

        test(
            "routing rejects an execution no handler knows, and a throwing handler reports FAILED without its message",
        ) {
            val device = emulator.registerThing("run-routed")
            ControlPlane(emulator).use { cp ->
                val boom = cp.createCommand("boom", "boom".encodeToByteArray(), "text/x-boom")
                val unknown = cp.createCommand("unknown", "?".encodeToByteArray(), "text/x-unknown")
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    val commands = CommandsClient(mqtt, DeviceType.THING, "run-routed")
                    val handler = CommandHandlers.routed(
                        { it.contentType },
                        mapOf("text/x-boom" to CommandHandler { error("secret-token-123") }),
                    )
                    val runner = CommandRunner(commands, CommandRunnerOptions(reportInProgress = false), handler)
                    coroutineScope {
                        val finished = async2(runner)
                        val ready = readyOf(runner)
                        val running = launch { runner.run() }
                        val boomId = startWhenReady(cp, ready, boom, "run-routed", 30)
                        val unknownId = cp.start(unknown, cp.thingArn("run-routed"), 30)
                        val done = withTimeout(15.seconds) { finished.await() }.associateBy { it.executionId }
                        done[boomId]!!.status shouldBe CommandExecutionStatus.FAILED
                        done[unknownId]!!.status shouldBe CommandExecutionStatus.REJECTED
                        running.cancelAndJoin()
                        val failed = cp.get(boomId, cp.thingArn("run-routed")).statusReason()
                        failed.reasonCode() shouldBe "HANDLER_FAILED"
                        failed.reasonDescription() shouldBe "IllegalStateException"
                        cp.get(unknownId, cp.thingArn("run-routed")).statusReason().reasonCode() shouldBe
                            CommandHandlers.UNKNOWN_COMMAND
                    }
                    commands.close()
                }
            }
        }
    })

private fun kotlinx.coroutines.CoroutineScope.async4(runner: CommandRunner) = finishedEvents(runner, 4)

private fun kotlinx.coroutines.CoroutineScope.async2(runner: CommandRunner) = finishedEvents(runner, 2)

private fun kotlinx.coroutines.CoroutineScope.finishedEvents(runner: CommandRunner, count: Int) =
    async(start = CoroutineStart.UNDISPATCHED) {
        runner.events.filterIsInstance<CommandRunnerEvent.Finished>().take(count).toList()
    }

/** Starts an execution of [command] once [runner] is [CommandRunnerEvent.Ready] ([ready] collects its events). */
internal suspend fun startWhenReady(
    cp: ControlPlane,
    ready: kotlinx.coroutines.Deferred<CommandRunnerEvent>,
    command: String,
    thing: String,
    timeoutSeconds: Long,
): String {
    withTimeout(10.seconds) { ready.await() }
    return cp.start(command, cp.thingArn(thing), timeoutSeconds)
}

/** The runner's first [CommandRunnerEvent.Ready], collected from now on. */
internal fun kotlinx.coroutines.CoroutineScope.readyOf(runner: CommandRunner) =
    async(start = CoroutineStart.UNDISPATCHED) {
        runner.events.first { it is CommandRunnerEvent.Ready }
    }
