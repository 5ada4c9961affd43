package dev.iotsdk.benchmarks

import dev.iotsdk.benchmarks.clients.ClientSpec
import dev.iotsdk.benchmarks.clients.iotsdkClient
import dev.iotsdk.commands.CommandsClient
import dev.iotsdk.commands.CommandsStreamEvent
import dev.iotsdk.commands.UpdateCommandExecutionRequest
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.model.commands.CommandExecutionStatus
import dev.iotsdk.model.commands.DeviceType
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import software.amazon.awssdk.crt.iot.SubscriptionStatusEventType
import software.amazon.awssdk.iot.V2ClientStreamOptions
import software.amazon.awssdk.iot.iotcommands.IotCommandsV2Client
import software.amazon.awssdk.iot.iotcommands.model.CommandExecutionEvent
import software.amazon.awssdk.iot.iotcommands.model.CommandExecutionsSubscriptionRequest
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.function.Consumer
import software.amazon.awssdk.iot.iotcommands.model.CommandExecutionStatus as CrtStatus
import software.amazon.awssdk.iot.iotcommands.model.DeviceType as CrtDeviceType
import software.amazon.awssdk.iot.iotcommands.model.UpdateCommandExecutionRequest as CrtUpdate

private const val THING = "bench-commands"
private const val SUBSCRIBE_SECONDS = 30L

/**
 * AWS IoT Commands (issue 24): executions handled per second by a device. The emulator (in the row JVM, plain MQTT)
 * starts executions of one JSON command for one thing, at most `window` unfinished; the device receives each on the
 * JSON payload stream and reports SUCCEEDED with UpdateCommandExecution. iotsdk's Kotlin client collects
 * `createCommandExecutionsJsonPayloadStream()` in a scope on `Dispatchers.Default` and launches each update; its Java
 * view does the same with a `Consumer` on the view's default executor and `CompletableFuture`s; the AWS IoT Device
 * SDK for Java v2 uses its `IotCommandsV2Client` on the CRT MQTT 5 client, the baseline.
 */
internal object CommandsHandled : Workload {
    override val id = "commands"
    override val title = "AWS IoT Commands executions handled"
    override val method =
        "the emulator (in the row JVM, plain MQTT) starts executions of one JSON command for one thing " +
            "(StartCommandExecution), at most `window` not yet SUCCEEDED; the device takes each from the JSON " +
            "payload stream and reports SUCCEEDED (UpdateCommandExecution) without other work; executions/s from the " +
            "first start to the last accepted update, latency from the start call to the accepted update; after an " +
            "untimed warm-up. iotsdk Kotlin: the stream collected on Dispatchers.Default, a coroutine per update; " +
            "iotsdk Java: the Java view (a Consumer on its default executor, CompletableFutures); CRT: " +
            "IotCommandsV2Client (request-response client with 4 subscriptions, as in the other service workloads)"
    override val metrics = listOf(
        Metric("executionsPerSec", "executions/s", higherIsBetter = true, primary = true),
        Metric("p50Micros", "p50 µs", higherIsBetter = false),
        Metric("p99Micros", "p99 µs", higherIsBetter = false),
        Metric("errors", "errors", higherIsBetter = false),
    )
    override val rows: Set<Row> = setOf(Row.IOTSDK_KOTLIN, Row.IOTSDK_JAVA, Row.AWS_CRT)
    override val baseline: Row = Row.AWS_CRT

    override fun params(quick: Boolean) = if (quick) {
        mapOf("warmup" to "100", "count" to "500", "window" to "8")
    } else {
        mapOf("warmup" to "500", "count" to "3000", "window" to "8")
    }

    override fun run(row: Row, ctx: RunContext): Map<String, Number> = withEmulator { emulator, spec ->
        emulator.registerThing(THING)
        emulator.commands.createCommand("bench", """{"op":"noop"}""".encodeToByteArray(), "application/json")
        val handled = Rendezvous()
        val device = CommandsDevice.open(row, spec, handled)
        try {
            device.awaitSubscribed()
            val start: (Int, (Throwable?) -> Unit) -> Unit = { _, done ->
                handled.expect(emulator.commands.startCommandExecution("bench", THING, 3600), done)
            }
            windowed(ctx.int("warmup"), ctx.int("window"), start)
            val count = ctx.int("count")
            val t0 = System.nanoTime()
            val (errors, latencies) = windowed(count, ctx.int("window"), start)
            val seconds = (System.nanoTime() - t0) / 1e9
            checkAllSucceeded(emulator, handled.ids)
            mapOf(
                "executionsPerSec" to count / seconds,
                "p50Micros" to percentile(latencies, 0.5),
                "p99Micros" to percentile(latencies, 0.99),
                "errors" to errors,
                "count" to count,
            )
        } finally {
            device.close()
        }
    }

    private fun checkAllSucceeded(emulator: IotEmulator, ids: Collection<String>) {
        val notDone = ids.count { emulator.commands.executionStatus(it) != "SUCCEEDED" }
        check(notDone == 0) { "$notDone of ${ids.size} executions are not SUCCEEDED" }
    }
}

/**
 * Meets the start of an execution (its id, from StartCommandExecution) with the device's accepted update, whichever
 * comes first: a fast device can finish an execution before the start call returns its id.
 */
private class Rendezvous {
    private val waiting = ConcurrentHashMap<String, Any>()
    val ids: MutableSet<String> = ConcurrentHashMap.newKeySet()

    /** The emulator started [executionId]; [done] runs when the device's update was accepted (or failed). */
    fun expect(executionId: String, done: (Throwable?) -> Unit) {
        ids += executionId
        meet(executionId, done)
    }

    /** The device finished [executionId] with [error] (`null`: accepted). */
    fun finished(executionId: String, error: Throwable?) {
        meet(executionId, Finished(error))
    }

    private class Finished(val error: Throwable?)

    @Suppress("UNCHECKED_CAST")
    private fun meet(executionId: String, mine: Any) {
        var pair: Pair<Any, Any>? = null
        waiting.compute(executionId) { _, theirs ->
            if (theirs == null) {
                mine
            } else {
                pair = mine to theirs
                null
            }
        }
        val (a, b) = pair ?: return
        val finished = (if (a is Finished) a else b) as Finished
        val done = (if (a is Finished) b else a) as (Throwable?) -> Unit
        done(finished.error)
    }
}

/** The device side of one row: receives executions and reports each SUCCEEDED, telling [Rendezvous] when accepted. */
private abstract class CommandsDevice : AutoCloseable {
    protected val subscribed = CountDownLatch(1)

    fun awaitSubscribed() {
        check(subscribed.await(SUBSCRIBE_SECONDS, TimeUnit.SECONDS)) { "the execution stream never subscribed" }
    }

    companion object {
        fun open(row: Row, spec: ClientSpec, handled: Rendezvous): CommandsDevice = when (row) {
            Row.IOTSDK_KOTLIN -> KotlinDevice(spec, handled)
            Row.IOTSDK_JAVA -> JavaDevice(spec, handled)
            Row.AWS_CRT -> CrtDevice(spec, handled)
            else -> error("no commands client for $row")
        }
    }
}

/** iotsdk, Kotlin: the stream collected in a scope on `Dispatchers.Default`, a coroutine per update. */
private class KotlinDevice(spec: ClientSpec, handled: Rendezvous) : CommandsDevice() {
    private val mqtt = iotsdkClient(spec)
    private val commands = CommandsClient(mqtt, DeviceType.THING, THING)
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    init {
        scope.launch {
            mqtt.connect()
            commands.createCommandExecutionsJsonPayloadStream().collect { event ->
                when (event) {
                    is CommandsStreamEvent.Subscribed -> subscribed.countDown()
                    is CommandsStreamEvent.Execution -> launch {
                        val id = event.event.executionId
                        val error = runCatching {
                            commands.updateCommandExecution(id, CommandExecutionStatus.SUCCEEDED)
                        }.exceptionOrNull()
                        handled.finished(id, error)
                    }
                    else -> Unit
                }
            }
        }
    }

    override fun close() {
        scope.cancel()
        commands.close()
        mqtt.close()
    }
}

/** iotsdk, Java view: a `Consumer` on the view's default executor, `CompletableFuture`s for the updates. */
private class JavaDevice(spec: ClientSpec, handled: Rendezvous) : CommandsDevice() {
    private val mqtt = iotsdkClient(spec).asJava()
    private val commands = CommandsClient(mqtt.asKotlin(), DeviceType.THING, THING).asJava()
    private val stream: AutoCloseable

    init {
        mqtt.connect().get(SUBSCRIBE_SECONDS, TimeUnit.SECONDS)
        stream = commands.createCommandExecutionsJsonPayloadStream(
            Consumer { event ->
                when (event) {
                    is CommandsStreamEvent.Subscribed -> subscribed.countDown()
                    is CommandsStreamEvent.Execution -> {
                        val id = event.event.executionId
                        commands.updateCommandExecution(
                            UpdateCommandExecutionRequest(id, CommandExecutionStatus.SUCCEEDED),
                        ).whenComplete { _, e -> handled.finished(id, e) }
                    }
                    else -> Unit
                }
            },
            null,
        )
    }

    override fun close() {
        stream.close()
        commands.close()
        mqtt.close()
    }
}

/** The AWS IoT Device SDK for Java v2: `IotCommandsV2Client` on the CRT MQTT 5 client. */
private class CrtDevice(spec: ClientSpec, handled: Rendezvous) : CommandsDevice() {
    private val crt = crtConnected(spec)
    private val commands = IotCommandsV2Client.newFromMqtt5(crt.client, crtRequestResponseOptions())
    private val stream = commands.createCommandExecutionsJsonPayloadStream(
        CommandExecutionsSubscriptionRequest().apply {
            deviceType = CrtDeviceType.THING
            deviceId = THING
        },
        V2ClientStreamOptions.builder<CommandExecutionEvent>()
            .withSubscriptionEventHandler {
                if (it.type == SubscriptionStatusEventType.SUBSCRIPTION_ESTABLISHED) subscribed.countDown()
            }
            .withStreamEventHandler { event ->
                val id = event.executionId
                val request = CrtUpdate().apply {
                    deviceType = CrtDeviceType.THING
                    deviceId = THING
                    executionId = id
                    status = CrtStatus.SUCCEEDED
                }
                commands.updateCommandExecution(request).whenComplete { _, e -> handled.finished(id, e) }
            }
            .build(),
    ).also { it.open() }

    override fun close() {
        stream.close()
        commands.close()
        crt.close()
    }
}
