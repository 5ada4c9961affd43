package dev.iotsdk.streams.internal

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Qos
import dev.iotsdk.streams.DownloadCounts
import dev.iotsdk.streams.DownloadProgress
import dev.iotsdk.streams.DownloadState
import dev.iotsdk.streams.FileDownload
import dev.iotsdk.streams.GetBlocksRequest
import dev.iotsdk.streams.StreamBlock
import dev.iotsdk.streams.StreamDownloadException
import dev.iotsdk.streams.StreamVerificationException
import dev.iotsdk.streams.StreamsClient
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.produceIn
import kotlinx.coroutines.launch
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.StandardOpenOption
import java.util.BitSet

/**
 * One run of [StreamsClient.download]: rounds of one GetStream request each, for the first missing blocks up to AWS's
 * 128 KiB per request, each block written to the target at its offset and marked in the sidecar; a round ends when
 * its blocks are in, when no block came for the block timeout, or when the connection came back (then the missing
 * blocks, and only those, are asked for again).
 */
internal class DownloadSession(private val client: StreamsClient, private val download: FileDownload) {
    private val options = client.options
    private val blockSize = options.blockSize
    private val everRequested = BitSet()
    private var requested = 0L
    private var reRequested = 0L
    private var resumed = 0
    private var fileSize = 0L
    private var total = 0
    private var streamVersion: Int? = null

    suspend fun run(out: FlowCollector<DownloadProgress>) {
        resolveFile()
        val key = "${client.streamId}|${download.fileId}|$fileSize|$blockSize|v${streamVersion ?: "?"}"
        val (target, sidecar) = withContext(Dispatchers.IO) {
            io("open") {
                val sidecar = BlockSidecar.open(download.sidecar, key, total)
                val target = FileChannel.open(
                    download.target,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                )
                if (target.size() > fileSize) target.truncate(fileSize)
                target to sidecar
            }
        }
        try {
            resumed = sidecar.received.cardinality()
            out.emit(progress(DownloadState.STARTED, sidecar.received))
            if (resumed < total) receive(out, target, sidecar)
            withContext(Dispatchers.IO) { io("flush") { target.force(true) } }
        } finally {
            withContext(Dispatchers.IO) {
                target.close()
                sidecar.close()
            }
        }
        out.emit(progress(DownloadState.VERIFYING, sidecar.received))
        withContext(Dispatchers.IO) {
            try {
                download.verifier.verify(download.target)
            } catch (e: StreamVerificationException) {
                Files.deleteIfExists(download.target)
                BlockSidecar.delete(download.sidecar)
                throw e
            }
            BlockSidecar.delete(download.sidecar)
        }
        out.emit(progress(DownloadState.COMPLETED, sidecar.received))
    }

    private suspend fun resolveFile() {
        val size = download.fileSize ?: client.describe().let { description ->
            streamVersion = description.streamVersion
            description.file(download.fileId)?.size ?: throw StreamDownloadException(
                "Stream ${client.streamId} has no file ${download.fileId}",
                isRetryable = false,
            )
        }
        val blocks = (size + blockSize - 1) / blockSize
        if (blocks > StreamLimits.MAX_OFFSET + 1L) {
            throw StreamDownloadException(
                "File ${download.fileId} has $blocks blocks of $blockSize bytes, more than AWS's offset limit " +
                    "(${StreamLimits.MAX_OFFSET}) reaches; use a larger block size",
                isRetryable = false,
            )
        }
        fileSize = size
        total = blocks.toInt()
    }

    private suspend fun receive(out: FlowCollector<DownloadProgress>, target: FileChannel, sidecar: BlockSidecar) =
        coroutineScope {
            val received = sidecar.received
            client.open("data").use { sub ->
                val incoming = sub.messages.produceIn(this)
                val reconnected = Channel<Unit>(Channel.CONFLATED)
                val watcher = launch { watchReconnects(reconnected) }
                var attempts = 0
                var lastSync = 0L
                while (received.cardinality() < total) {
                    val token = client.newToken()
                    val window = window(received)
                    send(window, token)
                    var progressed = false
                    while (!window.all { received[it] }) {
                        val outcome = withTimeoutOrNull(options.blockTimeout) {
                            select<MqttMessage?> {
                                incoming.onReceive { it }
                                reconnected.onReceive { null }
                            }
                        }
                        if (outcome == null) break
                        accept(outcome, token, received)?.let { block ->
                            withContext(Dispatchers.IO) { io("write") { write(target, block) } }
                            received.set(block.blockId)
                            progressed = true
                            out.emit(progress(DownloadState.RECEIVING, received))
                        }
                    }
                    attempts = if (progressed) 0 else attempts + 1
                    if (attempts >= options.maxAttempts) throw stalled()
                    val bytes = received.cardinality().toLong() * blockSize
                    val force = bytes - lastSync >= SYNC_EVERY
                    if (force) lastSync = bytes
                    withContext(Dispatchers.IO) {
                        io("record progress") {
                            if (force) target.force(false)
                            sidecar.save(force)
                        }
                    }
                }
                watcher.cancel()
                incoming.cancel()
            }
        }

    /** The first missing blocks, as many as one GetStream answers, within one bitmap's reach. */
    private fun window(received: BitSet): List<Int> {
        val perRequest = StreamLimits.MAX_BYTES_PER_REQUEST / blockSize
        val first = received.nextClearBit(0)
        val reach = first + StreamLimits.MAX_BITMAP_BYTES * Byte.SIZE_BITS
        return generateSequence(first) { received.nextClearBit(it + 1) }
            .takeWhile { it < total && it < reach }
            .take(perRequest)
            .toList()
    }

    private suspend fun send(window: List<Int>, token: String) {
        val contiguous = window.last() - window.first() + 1 == window.size
        val request = if (contiguous) {
            GetBlocksRequest(download.fileId, blockSize, window.first(), window.size, streamVersion, token)
        } else {
            GetBlocksRequest.forBlocks(download.fileId, blockSize, window, streamVersion, token)
        }
        for (id in window) {
            requested++
            if (everRequested[id]) reRequested++ else everRequested.set(id)
        }
        try {
            client.mqtt.publish(client.topic("get"), client.codec.getRequest(request), Qos.AT_LEAST_ONCE)
        } catch (e: IotSdkException) {
            if (!e.isRetryable) throw e // a lost connection: the round times out or ends on the reconnect
        }
    }

    /** The new block [message] brings, or `null` (a duplicate, another file's, malformed, another request's error). */
    private fun accept(message: MqttMessage, token: String, received: BitSet): StreamBlock? {
        if (message.topic == client.topic("rejected")) {
            val rejection = client.rejection(message, token) ?: return null
            if (rejection.isRetryable) return null
            throw rejection
        }
        val block = try {
            client.codec.block(message.payload)
        } catch (ignored: IllegalArgumentException) {
            return null // a damaged block is asked for again like a lost one
        }
        if (block.fileId != download.fileId || block.blockId >= total || received[block.blockId]) return null
        val start = block.blockId.toLong() * blockSize
        val expected = if (block.blockId == total - 1) fileSize - start else blockSize.toLong()
        return block.takeIf { it.data.size.toLong() == expected }
    }

    private fun write(target: FileChannel, block: StreamBlock) {
        val buffer = ByteBuffer.wrap(block.data)
        var position = block.blockId.toLong() * blockSize
        while (buffer.hasRemaining()) position += target.write(buffer, position)
    }

    private suspend fun watchReconnects(reconnected: Channel<Unit>) {
        var down = false
        client.mqtt.state.collect { state ->
            if (state !is ConnectionState.Connected) {
                down = true
            } else if (down) {
                down = false
                reconnected.trySend(Unit)
            }
        }
    }

    private fun stalled() = StreamDownloadException(
        "Stream ${client.streamId}: no new block of file ${download.fileId} after ${options.maxAttempts} requests " +
            "${options.blockTimeout} apart; what arrived is kept and a new download resumes from it",
        isRetryable = true,
    )

    private fun progress(state: DownloadState, received: BitSet): DownloadProgress {
        val counts = DownloadCounts(blockSize, resumed, requested, reRequested)
        return DownloadProgress(state, download.fileId, fileSize, total, received.cardinality(), counts)
    }

    private inline fun <T> io(what: String, block: () -> T): T = try {
        block()
    } catch (e: IOException) {
        throw StreamDownloadException(
            "Could not $what ${download.target} (${e.javaClass.simpleName}); free space or fix permissions, " +
                "then download again to resume",
            e,
            isRetryable = true,
        )
    }

    private companion object {
        const val SYNC_EVERY = 1L shl 20
    }
}
