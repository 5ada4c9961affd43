@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.internal.requestresponse.RequestOperation
import dev.iotsdk.core.internal.requestresponse.RequestResponseOptions
import dev.iotsdk.core.internal.requestresponse.RequestResponseStatistics
import dev.iotsdk.core.internal.requestresponse.ResponseMessage
import dev.iotsdk.core.internal.requestresponse.StreamingOperation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext

/** How a response ended an operation; mapped into a result or exception on the requesting coroutine. */
private sealed interface Outcome {
    class Accepted(val message: ResponseMessage) : Outcome
    class Rejected(val message: MqttMessage, val token: String?) : Outcome
    class Failed(val error: Throwable) : Outcome
}

private class Pending(val op: RequestOperation) {
    val outcome = CompletableDeferred<Outcome>()
    val topics: List<String> get() = listOf(op.accepted.topic, op.rejected.topic)
    fun tokenField(topic: String): String? =
        if (topic == op.accepted.topic) op.accepted.correlationTokenField else op.rejected.correlationTokenField
}

/** The request/response engine behind [dev.iotsdk.core.internal.requestresponse.RequestResponseClient]. */
internal class RequestResponseEngine(
    private val client: IotMqttClient,
    private val options: RequestResponseOptions,
    context: CoroutineContext,
    private val reader: CorrelationTokenReader = JsonCorrelationTokenReader,
) {
    val scope: CoroutineScope = CoroutineScope(
        context + SupervisorJob(context[Job]) + (context[ContinuationInterceptor] ?: Dispatchers.Default) +
            CoroutineName("iotsdk-request-response"),
    )

    private val errorFlow =
        MutableSharedFlow<Throwable>(extraBufferCapacity = 64, onBufferOverflow = BufferOverflow.DROP_OLDEST)
    val errors: SharedFlow<Throwable> = errorFlow.asSharedFlow()

    val subscriptions = SubscriptionManager(client, scope, options.subscriptionLinger, options.subscriptionQos) {
        errorFlow.tryEmit(it)
    }

    private val lock = Any()
    private val byTopic = HashMap<String, MutableList<Pending>>()
    private val tokens = HashSet<String>()
    private var pendingCount = 0

    @Volatile
    private var closed = false
    private val ignored = AtomicLong()
    private val malformed = AtomicLong()
    private val familyLocks = ConcurrentHashMap<String, Mutex>()

    init {
        scope.launch(start = CoroutineStart.UNDISPATCHED) {
            try {
                client.messages.collect { onMessage(it) }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                errorFlow.tryEmit(e)
            }
        }
    }

    suspend fun request(op: RequestOperation): ResponseMessage {
        if (closed) throw ClientClosedException("The request/response client is closed; create a new one")
        val timeout = op.timeout ?: options.defaultTimeout
        val outcome = withTimeoutOrNull(timeout) {
            if (op.correlationToken == null) {
                familyLocks.computeIfAbsent(op.accepted.topic + '\u0000' + op.rejected.topic) { Mutex() }
                    .withLock { exchange(op) }
            } else {
                exchange(op)
            }
        } ?: throw OperationTimeoutException(
            "No response to '${op.requestTopic}' on '${op.accepted.topic}' or '${op.rejected.topic}' within $timeout " +
                "(counted from submission); check that the device is connected and allowed to subscribe to them",
        )
        return when (outcome) {
            is Outcome.Accepted -> outcome.message
            is Outcome.Failed -> throw outcome.error
            is Outcome.Rejected -> {
                val rejection = rejection(outcome.message, outcome.token)
                throw (op.rejectionMapper ?: options.rejectionMapper).map(rejection)
            }
        }
    }

    private suspend fun exchange(op: RequestOperation): Outcome {
        val lease = subscriptions.acquire(op.subscriptions)
        try {
            val pending = Pending(op)
            register(pending)
            try {
                client.publish(op.requestTopic, op.payload, op.qos, false)
                return pending.outcome.await()
            } finally {
                unregister(pending)
            }
        } finally {
            lease.release()
        }
    }

    private fun register(p: Pending) = synchronized(lock) {
        if (closed) throw ClientClosedException("The request/response client is closed; create a new one")
        val token = p.op.correlationToken
        if (token !=
            null
        ) {
            require(tokens.add(token)) { "An operation with correlation token '$token' is already pending" }
        }
        p.topics.forEach { byTopic.getOrPut(it) { mutableListOf() }.add(p) }
        pendingCount++
    }

    private fun unregister(p: Pending) = synchronized(lock) {
        p.op.correlationToken?.let { tokens.remove(it) }
        p.topics.forEach { topic ->
            byTopic[topic]?.let { list ->
                list.remove(p)
                if (list.isEmpty()) byTopic.remove(topic)
            }
        }
        pendingCount--
    }

    private fun onMessage(message: MqttMessage) {
        val candidates = synchronized(lock) { byTopic[message.topic]?.toList() } ?: return
        val reads = HashMap<String, FieldReadResult>()
        var malformedResult: FieldReadResult.Malformed? = null
        for (p in candidates) {
            val token = p.op.correlationToken ?: continue
            val field = p.tokenField(message.topic) ?: continue
            when (val r = reads.getOrPut(field) { reader.read(message.payload, field) }) {
                is FieldReadResult.Found -> if (r.value == token) return complete(p, message, token)
                is FieldReadResult.Malformed -> malformedResult = r
                FieldReadResult.Absent -> Unit
            }
        }
        // Operations without a token run one at a time per topic pair, so the topic identifies the operation.
        val tokenless = candidates.firstOrNull { it.op.correlationToken == null }
        if (tokenless != null) {
            // Reading a field no response has only validates the JSON.
            val check = malformedResult ?: reader.read(message.payload, "\u0000")
            if (check is FieldReadResult.Malformed) {
                malformed.incrementAndGet()
                val error = MalformedResponseException(message.topic, message.payload, check.reason)
                tokenless.outcome.complete(Outcome.Failed(error))
            } else {
                complete(tokenless, message, null)
            }
            return
        }
        val bad = malformedResult
        if (bad != null) {
            malformed.incrementAndGet()
            val error = MalformedResponseException(message.topic, message.payload, bad.reason)
            if (candidates.size == 1) {
                candidates[0].outcome.complete(Outcome.Failed(error))
            } else {
                errorFlow.tryEmit(error)
            }
            return
        }
        ignored.incrementAndGet()
    }

    private fun complete(p: Pending, message: MqttMessage, token: String?) {
        val outcome = if (message.topic == p.op.accepted.topic) {
            Outcome.Accepted(ResponseMessage(message.topic, message.payload, token))
        } else {
            Outcome.Rejected(message, token)
        }
        p.outcome.complete(outcome)
    }

    private fun rejection(message: MqttMessage, token: String?): RequestRejectedException {
        val fields = try {
            JsonCorrelationTokenReader.topLevelScalars(message.payload)
        } catch (e: Exception) {
            emptyMap()
        }
        return RequestRejectedException(
            topic = message.topic,
            payload = message.payload,
            correlationToken = token,
            errorCode = fields["code"],
            serviceMessage = fields["message"],
        )
    }

    fun streamingOperation(filter: String): StreamingOperation {
        if (closed) throw ClientClosedException("The request/response client is closed; create a new one")
        return DefaultStreamingOperation(client, scope, subscriptions, filter)
    }

    fun statistics(): RequestResponseStatistics = RequestResponseStatistics(
        pendingOperations = synchronized(lock) { pendingCount },
        activeSubscriptions = subscriptions.activeCount,
        ignoredResponses = ignored.get(),
        malformedResponses = malformed.get(),
    )

    fun close() {
        val waiting = synchronized(lock) {
            if (closed) return
            closed = true
            byTopic.values.flatten().distinct()
        }
        waiting.forEach {
            it.outcome.complete(Outcome.Failed(ClientClosedException("The request/response client was closed")))
        }
        scope.cancel("The request/response client was closed")
    }
}
