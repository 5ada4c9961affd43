package dev.iotsdk.dataplane

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.common.HttpEngine
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.InputStream
import java.io.PrintWriter
import java.io.StringWriter
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * A tiny raw HTTP server: each accepted connection reads one request head (and body, by Content-Length) and is handed
 * to [script] with the 1-based request number; the connection is closed afterwards. With [keepAlive] a connection
 * serves requests until the client closes it (the script must then answer without `Connection: close`).
 */
private class RawServer(private val keepAlive: Boolean = false, private val script: (Int, Socket) -> Unit) :
    AutoCloseable {
    private val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    val port: Int = server.localPort
    val requests = AtomicInteger()
    val connections = AtomicInteger()
    val heads = CopyOnWriteArrayList<String>()
    private val worker = thread(isDaemon = true, name = "raw-server") {
        while (!server.isClosed) {
            val socket = runCatching { server.accept() }.getOrNull() ?: break
            connections.incrementAndGet()
            thread(isDaemon = true) {
                socket.use {
                    do {
                        val head = readHead(it.getInputStream()) ?: return@use
                        heads += head
                        val length = Regex("(?i)content-length: *(\\d+)").find(head)?.groupValues?.get(1)?.toInt() ?: 0
                        it.getInputStream().readNBytes(length)
                        runCatching { script(requests.incrementAndGet(), it) }
                    } while (keepAlive && !it.isClosed)
                }
            }
        }
    }

    private fun readHead(input: InputStream): String? {
        val out = StringBuilder()
        while (!out.endsWith("\r\n\r\n")) {
            val b = input.read()
            if (b < 0) return null
            out.append(b.toChar())
        }
        return out.toString()
    }

    override fun close() {
        server.close()
        worker.join(1000)
    }
}

private fun Socket.answer(status: Int, body: String = "", headers: String = "", close: Boolean = true) {
    val bytes = body.toByteArray()
    val connection = if (close) "Connection: close\r\n" else ""
    getOutputStream().write(
        ("HTTP/1.1 $status X\r\nContent-Length: ${bytes.size}\r\n$connection$headers\r\n").toByteArray() + bytes,
    )
    getOutputStream().flush()
}

private fun Socket.reset() {
    setSoLinger(true, 0)
    close()
}

private const val SECRET = "FaultSecretKeyNeverInMessages000000000000"

private fun clientFor(server: RawServer, block: IotDataPlaneConfig.Builder.() -> Unit = {}) = IotDataPlaneClient {
    endpoint = "http://127.0.0.1:${server.port}"
    region = "us-east-1"
    credentialsProvider = StaticCredentialsProvider(Credentials("AKIAFAULTTEST0000001", SECRET, "fault-session-token"))
    retryBaseDelay = 1.milliseconds
    maxRetryDelay = 5.milliseconds
    requestTimeout = 2.seconds
    block()
}

class FaultsTest :
    FunSpec({
        test(
            "a server that resets the connection: idempotent calls are retried maxAttempts times, then a " +
                "retryable client error",
        ) {
            RawServer { _, s -> s.reset() }.use { server ->
                // OkHttp (its own retry on connection failure is off): the JDK engine's HTTP client also retries an
                // idempotent request once after a reset, which would double the count; this test counts the SDK's
                clientFor(server) { engine = HttpEngine.OKHTTP }.use { c ->
                    val e = shouldThrow<DataPlaneClientException> { c.getThingShadow("t") }
                    e.isRetryable shouldBe true
                    e.message shouldContain "GetThingShadow failed"
                    e.message shouldNotContain SECRET
                    e.message shouldNotContain "fault-session-token"
                    server.requests.get() shouldBe 3
                }
            }
        }

        test("a non-idempotent Publish is not retried after a reset") {
            RawServer { _, s -> s.reset() }.use { server ->
                clientFor(server).use { c ->
                    shouldThrow<DataPlaneClientException> { c.publish("a/b", "x".encodeToByteArray(), qos = 1) }
                    server.requests.get() shouldBe 1
                }
            }
        }

        test("garbage instead of HTTP is a client error, not a hang") {
            RawServer { _, s ->
                s.getOutputStream().write("SSH-2.0-OpenSSH\r\n\r\nnonsense".toByteArray())
            }.use { server ->
                clientFor(server) { maxAttempts = 1 }.use { c ->
                    withTimeout(10.seconds) { shouldThrow<DataPlaneClientException> { c.listRetainedMessages() } }
                }
            }
        }

        test("a 200 whose body is not the documented JSON is a non-retryable client error") {
            RawServer { _, s ->
                s.answer(200, "<html>proxy login</html>", "x-amzn-RequestId: rid-1\r\n")
            }.use { server ->
                clientFor(server).use { c ->
                    val e = shouldThrow<DataPlaneClientException> { c.getThingShadow("t") }
                    e.isRetryable shouldBe false
                    e.message shouldContain "rid-1"
                    server.requests.get() shouldBe 1
                }
            }
        }

        test("a 200 body that does not decode puts none of its content into the exception (issue 19 item 6)") {
            val poison = "POISONSECRET"
            val bodies = listOf(
                """{"state":"$poison","version":1,"timestamp":1}""",
                """{"state":{"reported":{"k":"$poison"}},"version":"$poison"}""",
                """{"topic":"a","payload":"$poison","qos":"$poison","lastModifiedTime":1}""",
                """{"retainedTopics":[{"topic":"$poison","qos":"x"}]}""",
                """{"results":"$poison","timestamp":1}""",
                """{"state":{"reported":{"k":"$poison"}""",
            )
            for (body in bodies) {
                RawServer { _, s -> s.answer(200, body) }.use { server ->
                    clientFor(server) { maxAttempts = 1 }.use { c ->
                        val calls: List<suspend () -> Any> = listOf(
                            { c.getThingShadow("t") },
                            { c.getRetainedMessage("a") },
                            { c.listRetainedMessages() },
                            { c.listNamedShadowsForThing("t") },
                        )
                        for (call in calls) {
                            val e = runCatching { call() }.exceptionOrNull() ?: continue
                            val printed = StringWriter().also { e.printStackTrace(PrintWriter(it)) }
                            printed.toString() shouldNotContain poison
                        }
                    }
                }
            }
        }

        test("a server that never answers hits the request timeout") {
            val release = CountDownLatch(1)
            RawServer { _, _ -> release.await(10, TimeUnit.SECONDS) }.use { server ->
                clientFor(server) {
                    requestTimeout = 300.milliseconds
                    maxAttempts = 1
                }.use { c ->
                    withTimeout(10.seconds) { shouldThrow<DataPlaneClientException> { c.getThingShadow("t") } }
                }
                release.countDown()
            }
        }

        test("every engine: a server that never answers, or stalls after the head, hits the request timeout") {
            for (engine in HttpEngine.entries) {
                val release = CountDownLatch(1)
                RawServer { _, _ -> release.await(10, TimeUnit.SECONDS) }.use { server ->
                    clientFor(server) {
                        this.engine = engine
                        requestTimeout = 300.milliseconds
                        maxAttempts = 1
                    }.use { c ->
                        val e =
                            withTimeout(10.seconds) { shouldThrow<DataPlaneClientException> { c.getThingShadow("t") } }
                        e.isRetryable shouldBe true
                    }
                }
                RawServer { _, s ->
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"state\":".toByteArray())
                    s.getOutputStream().flush()
                    release.await(10, TimeUnit.SECONDS)
                }.use { server ->
                    clientFor(server) {
                        this.engine = engine
                        requestTimeout = 300.milliseconds
                        maxAttempts = 1
                    }.use { c ->
                        val e =
                            withTimeout(10.seconds) { shouldThrow<DataPlaneClientException> { c.getThingShadow("t") } }
                        e.message shouldContain "GetThingShadow failed"
                    }
                }
                release.countDown()
            }
        }

        test("every engine: cancelling the caller aborts the exchange and closes its connection") {
            for (engine in HttpEngine.entries) {
                val arrived = CountDownLatch(1)
                val closedByClient = CountDownLatch(1)
                RawServer { _, s ->
                    arrived.countDown()
                    if (s.getInputStream().read() < 0) closedByClient.countDown()
                }.use { server ->
                    clientFor(server) {
                        this.engine = engine
                        maxAttempts = 1
                    }.use { c ->
                        coroutineScope {
                            val call = launch(Dispatchers.Default) { c.getThingShadow("t") }
                            withContext(Dispatchers.IO) { arrived.await(10, TimeUnit.SECONDS) } shouldBe true
                            call.cancel()
                            withTimeout(10.seconds) { call.join() }
                            call.isCancelled shouldBe true
                        }
                        withContext(Dispatchers.IO) { closedByClient.await(10, TimeUnit.SECONDS) } shouldBe true
                    }
                }
            }
        }

        test("the JDK and OkHttp engines keep one connection alive for sequential calls") {
            for (engine in listOf(HttpEngine.JAVA, HttpEngine.OKHTTP)) {
                RawServer(keepAlive = true) { _, s ->
                    s.answer(200, """{"results":["a"],"timestamp":1}""", close = false)
                }.use { server ->
                    clientFor(server) { this.engine = engine }.use { c ->
                        repeat(5) { c.listNamedShadowsForThing("t").results shouldBe listOf("a") }
                    }
                    server.requests.get() shouldBe 5
                    server.connections.get() shouldBe 1
                }
            }
        }

        test("503 then 200: an idempotent call succeeds on retry") {
            RawServer { n, s ->
                if (n ==
                    1
                ) {
                    s.answer(503, """{"message":"busy"}""")
                } else {
                    s.answer(200, """{"results":["a"],"timestamp":1}""")
                }
            }.use { server ->
                clientFor(server).use { c -> c.listNamedShadowsForThing("t").results shouldBe listOf("a") }
                server.requests.get() shouldBe 2
            }
        }

        test("throttling is retried even for Publish; a 500 on Publish is not") {
            RawServer { n, s ->
                if (n ==
                    1
                ) {
                    s.answer(429, """{"message":"slow down"}""", "x-amzn-ErrorType: ThrottlingException\r\n")
                } else {
                    s.answer(200, "{}")
                }
            }
                .use { server ->
                    clientFor(server).use { c -> c.publish("a/b", "x".encodeToByteArray()) }
                    server.requests.get() shouldBe 2
                }
            RawServer { _, s ->
                s.answer(
                    500,
                    """{"message":"boom"}""",
                    "x-amzn-ErrorType: InternalFailureException:http://internal/\r\n",
                )
            }
                .use { server ->
                    clientFor(server).use { c ->
                        val e = shouldThrow<InternalFailureException> { c.publish("a/b", "x".encodeToByteArray()) }
                        e.isRetryable shouldBe true
                        e.message shouldContain "boom"
                    }
                    server.requests.get() shouldBe 1
                }
        }

        test("persistent throttling ends with a ThrottlingException after maxAttempts") {
            RawServer { _, s -> s.answer(429, """{"message":"Rate exceeded"}""") }.use { server ->
                clientFor(server) { maxAttempts = 4 }.use { c ->
                    val e = shouldThrow<ThrottlingException> { c.getRetainedMessage("a") }
                    e.statusCode shouldBe 429
                }
                server.requests.get() shouldBe 4
            }
        }

        test("the request is signed with the Authorization header, the topic label percent-encoded once on the wire") {
            RawServer { _, s -> s.answer(200, "{}") }.use { server ->
                clientFor(server).use { c ->
                    c.publish(PublishRequest("a/b c", ByteArray(0), contentType = "text/plain"))
                }
                val head = server.heads.single()
                head shouldContain "POST /topics/a%2Fb%20c?qos=0&contentType=text%2Fplain HTTP/1.1"
                head shouldContain "Authorization: AWS4-HMAC-SHA256 Credential=AKIAFAULTTEST0000001/"
                head shouldContain "/us-east-1/iotdata/aws4_request"
                head shouldNotContain SECRET
            }
        }
    })
