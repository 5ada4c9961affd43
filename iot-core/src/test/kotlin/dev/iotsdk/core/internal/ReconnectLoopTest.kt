package dev.iotsdk.core.internal

import dev.iotsdk.common.Jitter
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionClosedException
import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.NegotiatedSettings
import dev.iotsdk.core.PublishResult
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.core.SubscribeOutcome
import dev.iotsdk.core.Subscription
import dev.iotsdk.core.TlsHandshakeException
import dev.iotsdk.core.internal.transport.ConnectionEnd
import dev.iotsdk.core.internal.transport.Connector
import dev.iotsdk.core.internal.transport.MqttConnection
import dev.iotsdk.core.internal.transport.PublishCallback
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** The connection loop's backoff in virtual time, with a scripted connector instead of a network. */
@OptIn(ExperimentalCoroutinesApi::class)
class ReconnectLoopTest :
    FunSpec({
        class FakeConnection(sessionPresent: Boolean = false) : MqttConnection {
            override val settings =
                NegotiatedSettings(
                    sessionPresent, "c", 1200, 0, 1, true, 100, 1_000_000, true, true,
                    MqttVersion.MQTT_5,
                )
            val lostSignal = ConnectionEnd()
            override val lost: ConnectionEnd = lostSignal
            override fun publish(message: MqttMessage, done: PublishCallback) =
                done.onDone(PublishResult(message.qos, 0), null)
            override suspend fun subscribe(subscriptions: List<Subscription>) =
                subscriptions.map { SubscribeOutcome(it.filter, it.qos, 1) }
            override suspend fun unsubscribe(filters: List<String>) = filters.map { 0 }
            override suspend fun disconnect() {
                lostSignal.complete(ConnectionClosedException("disconnected"))
            }
            override fun closeNow() {
                lostSignal.complete(ConnectionClosedException("closed"))
            }
        }

        fun config(policy: ReconnectPolicy) = IotMqttClientConfig {
            endpoint = "broker"
            connectionType = ConnectionType.Tcp()
            clientId = "loop"
            reconnect = policy
        }

        /** A client whose connector follows [script] and records the virtual time of every attempt. */
        fun TestScope.client(
            policy: ReconnectPolicy,
            attempts: MutableList<Long>,
            script: suspend (Int) -> MqttConnection,
        ) = DefaultIotMqttClient(
            config(policy),
            StandardTestDispatcher(testScheduler),
            testScheduler.timeSource,
        ) { _ ->
            Connector {
                attempts += testScheduler.currentTime
                script(attempts.size)
            }
        }

        fun gaps(times: List<Long>) = times.zipWithNext { a, b -> b - a }

        test("the first connect retries with exponential backoff until it succeeds") {
            runTest {
                val attempts = mutableListOf<Long>()
                val policy = ReconnectPolicy(baseDelay = 1.seconds, maxDelay = 8.seconds, jitter = Jitter.NONE)
                val c = client(policy, attempts) { n ->
                    if (n <
                        5
                    ) {
                        throw ConnectFailedException("unreachable", null, isRetryable = true)
                    } else {
                        FakeConnection()
                    }
                }
                c.connect()
                gaps(attempts) shouldBe listOf(1000L, 2000L, 4000L, 8000L)
                c.close()
            }
        }

        test("a non-retryable failure on the first connect fails at once") {
            runTest {
                val attempts = mutableListOf<Long>()
                val c =
                    client(ReconnectPolicy(jitter = Jitter.NONE), attempts) {
                        throw TlsHandshakeException("bad certificate")
                    }
                shouldThrow<TlsHandshakeException> { c.connect() }
                attempts.size shouldBe 1
                c.close()
            }
        }

        test(
            "disconnect() while the first connect is still being attempted fails that connect() instead of " +
                "leaving it waiting",
        ) {
            runTest {
                val attempts = mutableListOf<Long>()
                val c = client(ReconnectPolicy(baseDelay = 1.seconds, jitter = Jitter.NONE), attempts) {
                    throw ConnectFailedException("unreachable", null, isRetryable = true)
                }
                val waiting = async { runCatching { c.connect() } }
                testScheduler.advanceTimeBy(2_500)
                attempts.size shouldBe 2
                c.disconnect()
                waiting.await().exceptionOrNull().shouldBeInstanceOf<ConnectionLostException>()
                testScheduler.advanceTimeBy(10_000)
                // the run stopped: no attempt after the disconnect
                attempts.size shouldBe 2
                c.close()
            }
        }

        test("maxAttempts bounds a connect cycle") {
            runTest {
                val attempts = mutableListOf<Long>()
                val c =
                    client(
                        ReconnectPolicy(baseDelay = 100.milliseconds, jitter = Jitter.NONE, maxAttempts = 3),
                        attempts,
                    ) {
                        throw ConnectFailedException("unreachable", null, isRetryable = true)
                    }
                shouldThrow<ConnectFailedException> { c.connect() }
                attempts.size shouldBe 3
                c.close()
            }
        }

        test("a broker that accepts and then drops the client cannot cause a storm: delays keep growing") {
            runTest {
                val attempts = mutableListOf<Long>()
                val policy =
                    ReconnectPolicy(
                        baseDelay = 1.seconds,
                        maxDelay = 16.seconds,
                        jitter = Jitter.NONE,
                        stableConnection = 30.seconds,
                    )
                val c =
                    client(policy, attempts) {
                        FakeConnection().also { it.lostSignal.complete(ConnectionClosedException("kicked")) }
                    }
                c.connect()
                testScheduler.advanceTimeBy(60_000)
                gaps(attempts).take(6) shouldBe listOf(1000L, 2000L, 4000L, 8000L, 16000L, 16000L)
                c.close()
            }
        }

        test("a connection that stayed up for the stable period resets the backoff") {
            runTest {
                val attempts = mutableListOf<Long>()
                val connections = mutableListOf<FakeConnection>()
                val policy =
                    ReconnectPolicy(
                        baseDelay = 1.seconds,
                        maxDelay = 16.seconds,
                        jitter = Jitter.NONE,
                        stableConnection = 30.seconds,
                    )
                val c = client(policy, attempts) { n ->
                    if (n in 2..4) throw ConnectFailedException("down", null, isRetryable = true)
                    FakeConnection().also { connections += it }
                }
                c.connect()
                testScheduler.advanceTimeBy(1)
                connections[0].lostSignal.complete(ConnectionClosedException("blip"))
                testScheduler.advanceTimeBy(20_000)
                // 3 failures after the first connection: 1 s, 2 s, 4 s, then connected again (attempt 5)
                gaps(attempts) shouldBe listOf(1001L, 2000L, 4000L, 8000L)
                testScheduler.advanceTimeBy(31_000)
                val droppedAt = testScheduler.currentTime
                connections[1].lostSignal.complete(ConnectionClosedException("after a stable half minute"))
                testScheduler.advanceTimeBy(2_000)
                attempts.last() - droppedAt shouldBe 1000L
                c.close()
            }
        }
    })
