@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.commands

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.commands.UpdateCommandExecutionResponse
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.launch
import kotlinx.coroutines.runInterruptible
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of a [CommandsClient] (from [CommandsClient.asJava]), named as the AWS IoT Device SDK v2's
 * `IotCommandsV2Client`: `CompletableFuture`s for UpdateCommandExecution, `Consumer` callbacks for the three execution
 * streams, and the [CommandRunner] with a blocking handler.
 *
 * ```java
 * CommandsClientJava commands = new CommandsClient(mqtt, DeviceType.THING, "sensor-1").asJava(executor);
 * AutoCloseable stream = commands.createCommandExecutionsJsonPayloadStream(event -> {
 *     if (event instanceof CommandsStreamEvent.Execution) {
 *         CommandExecutionEvent e = ((CommandsStreamEvent.Execution) event).getEvent();
 *         commands.updateCommandExecution(new UpdateCommandExecutionRequest(e.getExecutionId(),
 *             CommandExecutionStatus.SUCCEEDED)).join();
 *     }
 * }, null);
 * ```
 *
 * Threading: futures complete on SDK threads; callbacks and handlers run on the executor given to
 * [CommandsClient.asJava] (without one, daemon threads of the view's own, one per stream calling back at once).
 * [close] stops streams and runners, cancels pending futures, stops those threads and closes the [CommandsClient].
 */
public class CommandsClientJava internal constructor(
    /** The Kotlin client behind this view. */
    public val client: CommandsClient,
    executor: Executor?,
) : AutoCloseable {
    private val view = JavaView("iotsdk-commands-java-view", executor)

    /** See [CommandsClient.updateCommandExecution]; fails with [CommandsRejectedException] when rejected. */
    public fun updateCommandExecution(
        request: UpdateCommandExecutionRequest,
    ): CompletableFuture<UpdateCommandExecutionResponse> = view.future { client.updateCommandExecution(request) }

    /**
     * JSON executions and the subscription's status ([CommandsStreamEvent.Subscribed] once it is in place) to
     * [consumer] on the executor until the result is closed; [onError] (may be `null`) gets exceptions thrown by
     * [consumer]. See [CommandsClient.createCommandExecutionsJsonPayloadStream].
     */
    public fun createCommandExecutionsJsonPayloadStream(
        consumer: Consumer<CommandsStreamEvent>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.createCommandExecutionsJsonPayloadStream(), consumer, onError)

    /** CBOR executions, as [createCommandExecutionsJsonPayloadStream]. */
    public fun createCommandExecutionsCborPayloadStream(
        consumer: Consumer<CommandsStreamEvent>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.createCommandExecutionsCborPayloadStream(), consumer, onError)

    /** Executions of any other payload format, as [createCommandExecutionsJsonPayloadStream]. */
    public fun createCommandExecutionsGenericPayloadStream(
        consumer: Consumer<CommandsStreamEvent>,
        onError: Consumer<Throwable>?,
    ): AutoCloseable = view.collect(client.createCommandExecutionsGenericPayloadStream(), consumer, onError)

    /**
     * Starts a [CommandRunner] whose handler is [handler], run on the executor (interrupted when its execution times
     * out); [events] (may be `null`) receives the runner's events there. Closing the result stops the runner.
     */
    @JvmOverloads
    public fun startCommandRunner(
        handler: CommandHandlerJava,
        options: CommandRunnerOptions = CommandRunnerOptions(),
        events: Consumer<CommandRunnerEvent>? = null,
    ): AutoCloseable {
        val runner = CommandRunner(client, options) { execution ->
            val context = CommandContextJava(execution, currentCoroutineContext()[Job], view)
            runInterruptible(view.callbackDispatcher) { handler.handle(context) }
        }
        val eventSubscription = events?.let { view.collect(runner.events, it, null) }
        val job = view.scope.launch { runner.run() }
        return AutoCloseable {
            job.cancel()
            eventSubscription?.close()
        }
    }

    /**
     * Stops streams and runners, cancels pending futures, stops the view's own callback threads (an executor given to
     * [CommandsClient.asJava] is left running) and closes the client. Idempotent.
     */
    override fun close() {
        try {
            view.close()
        } finally {
            client.close()
        }
    }

    override fun toString(): String = "CommandsClientJava(${client.deviceType.segment}/${client.deviceId})"
}
