package dev.iotsdk.test.internal

import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttSubscription
import dev.iotsdk.core.OperationStatistics
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withTimeoutOrNull
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration

/**
 * How the fake's operations reach its broker: they wait for the connection as the real client's queue holds them
 * (bounded by [IotMqttClientConfig.operationTimeout]), subscription flows share SUBSCRIBEs, and SUBSCRIBEs go in batches of eight, as AWS IoT takes them.
 */
internal class FakeOperations(
    private val config: IotMqttClientConfig,
    private val lifecycle: FakeLifecycle,
    private val subs: FakeSubscriptions,
) {
    private val waiting = AtomicLong()
    private val waitingBytes = AtomicLong()

    /** How many filters one SUBSCRIBE carries. */
    val batch: Int get() = if (config.awsIotLimits) AWS_IOT_FILTERS_PER_SUBSCRIBE else Int.MAX_VALUE

    /** Sends [subscriptions] once connected, each SUBSCRIBE answered after [delay]; [bounded] by the timeout or not. */
    suspend fun subscribe(
        subscriptions: List<Subscription>,
        explicit: Boolean,
        bounded: Boolean,
        delay: Duration,
    ): List<SubscribeOutcome> = subscriptions.chunked(batch).flatMap { chunk ->
        if (bounded) awaitConnection("subscribe", 0) else lifecycle.awaitConnected()
        delay(delay)
        subs.subscribe(chunk, explicit)
    }

    /**
     * The flow of [FakeIotMqttClient.subscribe]: the first collector of a filter sends the SUBSCRIBE (after the SUBACK
     * [delay]), the last one to stop the UNSUBSCRIBE, as in the real client.
     */
    fun flowOf(subscriptions: List<Subscription>, delay: () -> Duration): Flow<MqttMessage> = flow {
        if (lifecycle.isClosed) throw ClientClosedException()
        val collector = FakeCollector(subscriptions.map { it.filter })
        val fresh = subs.acquire(subscriptions, collector)
        try {
            if (fresh.isNotEmpty()) {
                val outcomes = subscribe(fresh, explicit = false, bounded = false, delay())
                if (outcomes.any { !it.isSuccess }) throw SubscribeRejectedException(outcomes)
            }
            for (message in collector.channel) emit(message)
        } finally {
            val gone = subs.release(collector)
            collector.channel.close()
            if (gone.isNotEmpty() && !lifecycle.isClosed) subs.unsubscribe(gone)
        }
    }

    /** Subscribes and returns the handle once the fake's SUBACK is in. */
    suspend fun open(subscriptions: List<Subscription>, delay: () -> Duration): MqttSubscription {
        if (lifecycle.isClosed) throw ClientClosedException()
        val collector = FakeCollector(subscriptions.map { it.filter })
        val fresh = subs.acquire(subscriptions, collector)
        val handle = FakeSubscription(subscriptions, collector) { c ->
            val gone = subs.release(c)
            c.channel.close()
            if (gone.isNotEmpty() && !lifecycle.isClosed) subs.unsubscribe(gone)
        }
        var opened = false
        try {
            val sent = if (fresh.isEmpty()) {
                emptyList()
            } else {
                subscribe(
                    fresh,
                    explicit = false,
                    bounded = false,
                    delay(),
                )
            }
            if (sent.any { !it.isSuccess }) throw SubscribeRejectedException(sent)
            handle.outcomes = subscriptions.map { s ->
                sent.firstOrNull { it.filter == s.filter } ?: SubscribeOutcome(s.filter, s.qos, s.qos.code)
            }
            opened = true
            return handle
        } finally {
            if (!opened) handle.close()
        }
    }

    /** Returns once connected; throws [OperationTimeoutException] after the configured operation timeout. */
    suspend fun awaitConnection(what: String, bytes: Int) {
        if (lifecycle.isConnected) return
        val timeout = config.operationTimeout
        waiting.incrementAndGet()
        waitingBytes.addAndGet(bytes.toLong())
        try {
            if (timeout == null) {
                lifecycle.awaitConnected()
            } else {
                withTimeoutOrNull(timeout) { lifecycle.awaitConnected() }
                    ?: throw OperationTimeoutException(
                        "No connection for $what within $timeout (state: ${lifecycle.state.value})",
                    )
            }
        } finally {
            waiting.decrementAndGet()
            waitingBytes.addAndGet(-bytes.toLong())
        }
    }

    /** The operations waiting for a connection (nothing is ever in flight). */
    fun statistics(): OperationStatistics = OperationStatistics(waiting.get(), waitingBytes.get(), 0, 0, 0, 0)

    companion object {
        private const val AWS_IOT_FILTERS_PER_SUBSCRIBE = 8

        fun defaultConfig(clientId: String) = IotMqttClientConfig {
            endpoint = "fake.iot.local"
            connectionType = ConnectionType.Tcp()
            this.clientId = clientId
        }
    }
}
