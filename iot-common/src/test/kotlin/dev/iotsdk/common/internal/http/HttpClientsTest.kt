package dev.iotsdk.common.internal.http

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.common.InternalIotSdkApi
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.statement.bodyAsText
import kotlinx.coroutines.withTimeout
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/** A class loader that defines iot-common's classes itself and hides [hidden] (package prefixes) from them. */
private class HidingClassLoader(parent: ClassLoader, private val hidden: List<String>) : ClassLoader(parent) {
    override fun loadClass(name: String, resolve: Boolean): Class<*> = synchronized(getClassLoadingLock(name)) {
        if (hidden.any { name.startsWith(it) }) throw ClassNotFoundException("hidden by the test: $name")
        if (!name.startsWith("dev.iotsdk.common.")) return super.loadClass(name, resolve)
        findLoadedClass(name) ?: run {
            val bytes = parent.getResourceAsStream(name.replace('.', '/') + ".class")?.use { it.readBytes() }
                ?: throw ClassNotFoundException(name)
            defineClass(name, bytes, 0, bytes.size)
        }
    }
}

private fun probe(hidden: List<String>, method: String, vararg args: String): String {
    val loader = HidingClassLoader(HttpClientsTest::class.java.classLoader, hidden)
    val probe = loader.loadClass(MissingEngineProbe::class.java.name)
    probe.classLoader shouldBe loader
    val types = args.map { String::class.java }.toTypedArray()
    return probe.getMethod(method, *types).invoke(null, *args) as String
}

private fun HttpExchange.answer(status: Int, body: String, vararg headers: Pair<String, String>) {
    for ((name, value) in headers) responseHeaders.add(name, value)
    val bytes = body.encodeToByteArray()
    sendResponseHeaders(status, if (bytes.isEmpty()) -1 else bytes.size.toLong())
    if (bytes.isNotEmpty()) responseBody.use { it.write(bytes) }
    close()
}

@OptIn(InternalIotSdkApi::class)
class HttpClientsTest :
    FunSpec({
        val protocols = ConcurrentLinkedQueue<String>()
        val followed = AtomicInteger()
        val release = CountDownLatch(1)
        val pool = Executors.newCachedThreadPool()
        val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0).apply {
            executor = pool
            createContext("/redirect") {
                protocols += it.protocol
                it.answer(302, "", "Location" to "/target")
            }
            createContext("/target") {
                followed.incrementAndGet()
                it.answer(200, "followed")
            }
            createContext("/busy") { it.answer(503, "busy") }
            createContext("/stall") {
                release.await(10, TimeUnit.SECONDS)
                it.close()
            }
            start()
        }
        val base = "http://127.0.0.1:${server.address.port}"
        afterSpec {
            release.countDown()
            server.stop(0)
            pool.shutdownNow()
        }

        fun client(engine: HttpEngine, requestTimeout: Duration? = null): HttpClient =
            HttpClients.create(engine, defaultSettings(requestTimeout)) { message, cause ->
                IllegalStateException(message, cause)
            }

        for (engine in HttpEngine.entries) {
            test("$engine: redirects are returned, not followed; error statuses are returned, not thrown; HTTP/1.1") {
                protocols.clear()
                client(engine).use { http ->
                    http.get("$base/redirect").status.value shouldBe 302
                    val busy = http.get("$base/busy")
                    busy.status.value shouldBe 503
                    busy.bodyAsText() shouldBe "busy"
                }
                followed.get() shouldBe 0
                protocols.toList() shouldBe listOf("HTTP/1.1")
            }

            test("$engine: with a request timeout, a server that never answers fails the call in time") {
                client(engine, requestTimeout = 300.milliseconds).use { http ->
                    withTimeout(10.seconds) { shouldThrow<IOException> { http.get("$base/stall") } }
                }
            }
        }

        test("a missing OkHttp engine is the caller's error naming the artifact; the JDK engine still loads") {
            val hidden = listOf("io.ktor.client.engine.okhttp.", "okhttp3.")
            val message = probe(hidden, "tryCreate", "OKHTTP")
            message shouldContain "io.ktor:ktor-client-okhttp-jvm"
            message shouldContain "HttpEngine.JAVA"
            probe(hidden, "tryCreate", "JAVA") shouldBe "created"
        }

        test("a missing Ktor Java engine names ktor-client-java-jvm; OkHttp still loads") {
            val hidden = listOf("io.ktor.client.engine.java.")
            probe(hidden, "tryCreate", "JAVA") shouldContain "io.ktor:ktor-client-java-jvm"
            probe(hidden, "tryCreate", "OKHTTP") shouldBe "created"
        }

        test("without java.net.http (Android) the default is OkHttp and JAVA is refused, saying what to choose") {
            probe(emptyList(), "platformDefault") shouldBe "JAVA"
            val hidden = listOf("java.net.http.")
            probe(hidden, "platformDefault") shouldBe "OKHTTP"
            val message = probe(hidden, "tryCreate", "JAVA")
            message shouldContain "java.net.http"
            message shouldContain "HttpEngine.OKHTTP"
            probe(hidden, "tryCreate", "OKHTTP") shouldBe "created"
        }

        test("engine timeouts: at least a millisecond, and 0 (none) when they do not fit an int") {
            HttpClients.engineMillis(1.seconds) shouldBe 1000L
            HttpClients.engineMillis(1.milliseconds / 2) shouldBe 1L
            HttpClients.engineMillis(Duration.INFINITE) shouldBe 0L
            HttpClients.engineMillis((Int.MAX_VALUE.toLong() + 1).milliseconds) shouldBe 0L
        }

        test("settings refuse timeouts that are not positive") {
            shouldThrow<IllegalArgumentException> { defaultSettings(requestTimeout = Duration.ZERO) }
        }
    })
