@file:OptIn(InternalIotSdkApi::class, ExperimentalCoroutinesApi::class)

package dev.iotsdk.core.internal.requestresponse

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.ClientClosedException
import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.SubscribeRejectedException
import dev.iotsdk.test.FakeIotMqttClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

private const val THING = "\$aws/things/t1/shadow"
private const val GET_FILTER = "$THING/get/+"
private const val ACCEPTED = "$THING/get/accepted"
private const val REJECTED = "$THING/get/rejected"

private fun getOp(token: String?, timeout: Duration? = null, mapper: RejectionMapper? = null) = RequestOperation(
    requestTopic = "$THING/get",
    payload = (if (token == null) "{}" else """{"clientToken":"$token"}""").encodeToByteArray(),
    subscriptions = listOf(GET_FILTER),
    accepted = ResponsePath(ACCEPTED),
    rejected = ResponsePath(REJECTED),
    correlationToken = token,
    timeout = timeout,
    rejectionMapper = mapper,
)

private class Fixture(scope: TestScope, linger: Duration = Duration.ZERO) {
    val fake = FakeIotMqttClient()
    val rr = RequestResponseClient(
        fake,
        RequestResponseOptions(defaultTimeout = 30.seconds, subscriptionLinger = linger),
        scope.backgroundScope.coroutineContext,
    )
}

private suspend fun TestScope.fixture(linger: Duration = Duration.ZERO) =
    Fixture(this, linger).also { it.fake.connect() }

private class ShadowNotFound(val token: String?) : Exception("not found")

class RequestResponseClientTest :
    FunSpec({
        test("100 concurrent requests are correlated by token with responses delivered out of order") {
            runTest {
                val f = fixture()
                val tokens = List(100) { RequestResponseClient.newClientToken() }
                val results = tokens.map { t -> async { f.rr.request(getOp(t)) } }
                runCurrent()
                f.fake.published.size shouldBe 100
                f.fake.subscribeRequests.size shouldBe 1
                tokens.withIndex().shuffled(Random(42)).forEach { (i, t) ->
                    f.fake.deliver(ACCEPTED, """{"state":{"n":$i},"clientToken":"$t"}""") shouldBe true
                }
                val responses = results.awaitAll()
                responses.map { it.correlationToken } shouldContainExactly tokens
                responses.withIndex().forEach { (i, r) -> r.payloadAsString().contains("\"n\":$i") shouldBe true }
                runCurrent()
                f.fake.unsubscribeRequests.flatten() shouldContainExactly listOf(GET_FILTER)
                f.rr.statistics().pendingOperations shouldBe 0
            }
        }

        test("a response subscription is shared, reference-counted and unsubscribed after the last holder and linger") {
            runTest {
                val f = fixture(linger = 5.seconds)
                val a = async { f.rr.request(getOp("a")) }
                val b = async { f.rr.request(getOp("b")) }
                runCurrent()
                f.fake.subscribeRequests.size shouldBe 1
                f.fake.deliver(ACCEPTED, """{"clientToken":"a"}""")
                a.await()
                runCurrent()
                f.fake.unsubscribeRequests.flatten() shouldBe emptyList()
                f.fake.deliver(ACCEPTED, """{"clientToken":"b"}""")
                b.await()
                advanceTimeBy(4.seconds)
                f.rr.statistics().activeSubscriptions shouldBe 1
                val c = async { f.rr.request(getOp("c")) } // within the linger: reuses the subscription
                runCurrent()
                f.fake.deliver(ACCEPTED, """{"clientToken":"c"}""")
                c.await()
                f.fake.subscribeRequests.size shouldBe 1
                advanceTimeBy(4.seconds)
                f.fake.unsubscribeRequests.flatten() shouldBe emptyList()
                advanceTimeBy(2.seconds)
                f.fake.unsubscribeRequests.flatten() shouldContainExactly listOf(GET_FILTER)
                f.rr.statistics().activeSubscriptions shouldBe 0
                // a later request subscribes again
                val d = async { f.rr.request(getOp("d")) }
                runCurrent()
                f.fake.deliver(ACCEPTED, """{"clientToken":"d"}""")
                d.await()
                f.fake.subscribeRequests.size shouldBe 2
            }
        }

        test("the deadline is counted from submission, including the wait for the SUBACK") {
            runTest {
                val f = fixture()
                f.fake.subscribeDelay = 3.seconds
                val start = currentTime
                shouldThrow<OperationTimeoutException> { f.rr.request(getOp("t", timeout = 5.seconds)) }
                (currentTime - start) shouldBe 5_000L
                f.fake.published.size shouldBe 1

                f.fake.subscribeDelay = 8.seconds
                val start2 = currentTime
                shouldThrow<OperationTimeoutException> { f.rr.request(getOp("u", timeout = 5.seconds)) }
                (currentTime - start2) shouldBe 5_000L
                f.fake.published.size shouldBe 1 // never published: the subscription was not ready in time
            }
        }

        test("a rejected response becomes a RequestRejectedException, or the mapper's exception") {
            runTest {
                val f = fixture()
                f.fake.onPublish("\$aws/things/t1/shadow/get") { req ->
                    val token = Regex("\"clientToken\":\"([^\"]+)\"").find(req.payloadAsString())!!.groupValues[1]
                    f.fake.deliver(REJECTED, """{"code":404,"message":"No shadow exists","clientToken":"$token"}""")
                }
                val e = shouldThrow<RequestRejectedException> { f.rr.request(getOp("r1")) }
                e.errorCode shouldBe "404"
                e.statusCode shouldBe 404
                e.requestId shouldBe "r1"
                e.serviceMessage shouldBe "No shadow exists"
                e.topic shouldBe REJECTED

                val mapped = shouldThrow<ShadowNotFound> {
                    f.rr.request(getOp("r2", mapper = { ShadowNotFound(it.correlationToken) }))
                }
                mapped.token shouldBe "r2"
            }
        }

        test("responses with an unknown or absent token are ignored and counted") {
            runTest {
                val f = fixture()
                val r = async { f.rr.request(getOp("mine")) }
                runCurrent()
                f.fake.deliver(ACCEPTED, """{"clientToken":"someone-else"}""")
                f.fake.deliver(ACCEPTED, """{"state":{}}""")
                runCurrent()
                r.isCompleted shouldBe false
                f.fake.deliver(ACCEPTED, """{"clientToken":"mine"}""")
                r.await().correlationToken shouldBe "mine"
                f.rr.statistics().ignoredResponses shouldBe 2
            }
        }

        test("an unattributable malformed response goes to errors and does not break the next request") {
            runTest {
                val f = fixture()
                val error = async { f.rr.errors.first() }
                val a = async { f.rr.request(getOp("a")) }
                val b = async { f.rr.request(getOp("b")) }
                runCurrent()
                f.fake.deliver(ACCEPTED, """{"clientToken":"a",""")
                runCurrent()
                error.await().shouldBeInstanceOf<MalformedResponseException>().topic shouldBe ACCEPTED
                a.isCompleted shouldBe false
                f.fake.deliver(ACCEPTED, """{"clientToken":"b"}""")
                f.fake.deliver(ACCEPTED, """{"clientToken":"a"}""")
                a.await().correlationToken shouldBe "a"
                b.await().correlationToken shouldBe "b"
                f.rr.statistics().malformedResponses shouldBe 1
            }
        }

        test("a malformed response attributable to the only waiting operation fails it; the next request works") {
            runTest {
                val f = fixture()
                val a = async { runCatching { f.rr.request(getOp("a")) } }
                runCurrent()
                f.fake.deliver(ACCEPTED, "not json")
                a.await().exceptionOrNull().shouldBeInstanceOf<MalformedResponseException>()
                val b = async { f.rr.request(getOp("b")) }
                runCurrent()
                f.fake.deliver(ACCEPTED, """{"clientToken":"b"}""")
                b.await().correlationToken shouldBe "b"
            }
        }

        test("operations without a token run one at a time per topic pair") {
            runTest {
                val f = fixture()
                val first = async { f.rr.request(getOp(null)) }
                val second = async { runCatching { f.rr.request(getOp(null)) } }
                runCurrent()
                f.fake.published.size shouldBe 1
                f.fake.deliver(ACCEPTED, """{"n":1}""")
                first.await().payloadAsString() shouldBe """{"n":1}"""
                runCurrent()
                f.fake.published.size shouldBe 2
                second.isCompleted shouldBe false
                f.fake.deliver(REJECTED, """{"code":"InvalidRequest","message":"bad"}""")
                second.await().exceptionOrNull().shouldBeInstanceOf<RequestRejectedException>().errorCode shouldBe
                    "InvalidRequest"
            }
        }

        test("a refused response subscription fails the request and is retried by the next one") {
            runTest {
                val f = fixture()
                f.fake.failSubscriptions(GET_FILTER)
                shouldThrow<SubscribeRejectedException> { f.rr.request(getOp("a")) }
                f.fake.published.size shouldBe 0
                f.fake.clearFailures()
                val b = async { f.rr.request(getOp("b")) }
                runCurrent()
                f.fake.deliver(ACCEPTED, """{"clientToken":"b"}""")
                b.await()
                f.fake.subscribeRequests.size shouldBe 2
            }
        }

        test("a response delivered before publish returns is still matched") {
            runTest {
                val f = fixture()
                f.fake.onPublish("\$aws/things/t1/shadow/get") {
                    f.fake.deliver(ACCEPTED, """{"clientToken":"fast"}""")
                }
                f.rr.request(getOp("fast")).correlationToken shouldBe "fast"
            }
        }

        test("close fails waiting operations") {
            runTest {
                val f = fixture()
                val a = async { runCatching { f.rr.request(getOp("a")) } }
                runCurrent()
                f.rr.close()
                a.await().exceptionOrNull().shouldBeInstanceOf<ClientClosedException>()
            }
        }
    })
