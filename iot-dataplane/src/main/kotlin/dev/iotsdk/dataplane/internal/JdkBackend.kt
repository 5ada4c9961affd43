package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.IotDataPlaneConfig
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/**
 * [dev.iotsdk.common.HttpEngine.JAVA]: the JDK's `java.net.http.HttpClient` driven directly, without a Ktor
 * pipeline. Each exchange is the client's blocking `send` on a [Dispatchers.IO] thread: the JDK then runs the
 * exchange with the fewest thread hand-offs (its `sendAsync` adds a hop to the common fork-join pool for every
 * response; Ktor's JDK engine streams every body through a reactive subscriber, a coroutine and a byte channel,
 * which cost about five times the client CPU per call in `benchmarks` `dataplane-requests`). Cancelling the caller
 * interrupts the blocked thread, and `send` then cancels the exchange (its connection is closed).
 *
 * The client's executor runs its tasks in the thread that submits them: the JDK then decrypts and parses responses
 * on its selector thread and wakes the waiting `send` directly, instead of handing every response to a pool thread
 * first (one thread wake-up less per call; measured in `benchmarks` `dataplane-requests`, it matters most on a
 * loaded machine). Nothing blocking runs there: the body handler only collects bytes and no dependent stage is
 * attached to the JDK's futures. The price: one client decrypts and parses all its responses on that one thread
 * (the 8-loop Get of `dataplane-requests` passed 10,000 calls per second this way on 2 cores, emulator included).
 *
 * HTTP/1.1 with keep-alive (AWS IoT's data endpoint and the emulator answer HTTP/1.1; offering `h2` only adds an
 * ALPN round of negotiation per new connection). Redirects are not followed. Proxies: the JDK's default proxy
 * selector (the `https.proxyHost`/`https.proxyPort` system properties). Loaded only when chosen (Android has no
 * `java.net.http`).
 */
@JdkOnly
internal class JdkBackend(config: IotDataPlaneConfig) : HttpBackend {
    private val client: HttpClient = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofMillis(config.connectTimeout.inWholeMilliseconds))
        .sslContext(Engines.sslContext(config))
        .executor(Runnable::run)
        .build()

    override suspend fun exchange(
        method: String,
        url: String,
        headers: List<Pair<String, String>>,
        body: ByteArray?,
    ): HttpAnswer {
        val builder = HttpRequest.newBuilder(URI.create(url))
        for ((name, value) in headers) builder.header(name, value)
        if (body != null) builder.header("Content-Type", OCTET_STREAM)
        builder.method(
            method,
            if (body ==
                null
            ) {
                HttpRequest.BodyPublishers.noBody()
            } else {
                HttpRequest.BodyPublishers.ofByteArray(body)
            },
        )
        val request = builder.build()
        val response =
            runInterruptible(Dispatchers.IO) { client.send(request, HttpResponse.BodyHandlers.ofByteArray()) }
        val responseHeaders = response.headers()
        return HttpAnswer(response.statusCode(), response.body()) { responseHeaders.firstValue(it).orElse(null) }
    }

    /**
     * On JDK 21+ closes the connections and stops the selector thread now (`shutdownNow`, looked up at run time: this
     * module targets JDK 11); older JDKs release both once the client is unreachable.
     */
    override fun close() {
        runCatching { HttpClient::class.java.getMethod("shutdownNow").invoke(client) }
    }

    private companion object {
        const val OCTET_STREAM = "application/octet-stream"
    }
}
