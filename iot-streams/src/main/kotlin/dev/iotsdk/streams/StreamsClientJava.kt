@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.streams

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Consumer

/**
 * The Java view of a [StreamsClient] (from [StreamsClient.asJava]): calls as `CompletableFuture`s (completing on SDK
 * threads) and download progress as a [Consumer] called on the view's executor, one call at a time and in order.
 * [close] cancels what is running (a cancelled download keeps its sidecar and resumes later).
 *
 * ```java
 * StreamsClientJava streams = new StreamsClient(mqtt, "sensor-1", "AFR_OTA-1234").asJava();
 * StreamDescription description = streams.describe().get();
 * DownloadProgress done = streams.download(new FileDownload(0, Path.of("fw.bin")), p -> log(p)).get();
 * ```
 */
public class StreamsClientJava internal constructor(
    /** The Kotlin client behind this view. */
    public val client: StreamsClient,
    executor: Executor?,
) : AutoCloseable {
    private val view = JavaView("iotsdk-streams-java-view", executor)

    /** See [StreamsClient.describe]. */
    public fun describe(): CompletableFuture<StreamDescription> = view.future { client.describe() }

    /** See [StreamsClient.getBlocks]: the blocks, once every expected one arrived. Holds them all in memory. */
    @JvmOverloads
    public fun getBlocks(request: GetBlocksRequest, fileSize: Long? = null): CompletableFuture<List<StreamBlock>> =
        view.future { client.getBlocks(request, fileSize).toList() }

    /**
     * See [StreamsClient.download]: completes with the [DownloadState.COMPLETED] progress; [onProgress] (may be
     * `null`) sees every item before that, on the view's executor.
     */
    public fun download(
        download: FileDownload,
        onProgress: Consumer<DownloadProgress>?,
    ): CompletableFuture<DownloadProgress> = view.future {
        var last: DownloadProgress? = null
        client.download(download).onEach { progress ->
            last = progress
            if (onProgress != null) withContext(view.callbackDispatcher) { onProgress.accept(progress) }
        }.collect { }
        checkNotNull(last)
    }

    /** See [StreamsClient.download], without progress callbacks. */
    public fun download(download: FileDownload): CompletableFuture<DownloadProgress> = download(download, null)

    /** Cancels running calls (futures complete with `CancellationException`) and stops callbacks. Idempotent. */
    override fun close() {
        view.close()
    }

    override fun toString(): String = "StreamsClientJava($client)"
}
