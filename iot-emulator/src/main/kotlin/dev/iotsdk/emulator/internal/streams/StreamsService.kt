package dev.iotsdk.emulator.internal.streams

import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import dev.iotsdk.emulator.internal.cbor.Cbor
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.util.Base64
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.contract

/**
 * The device side of AWS IoT MQTT-based file delivery (spec/streams.md sections 2-7): DescribeStream and GetStream on
 * `$aws/things/<thing>/streams/<stream>/{describe,get}/{json,cbor}`, answered only to the requesting connection on
 * `description`, `data` (one message per block) and `rejected`, in the request's format.
 *
 * AWS's limits: block size 256-131,072 (`BlockSizeOutOfBounds`), offset 0-98,304 (`OffsetOutOfBounds`), count
 * 0-98,304 (`BlockCountLimitExceeded`), bitmap under 12,288 bytes (`BlockBitmapLimitExceeded`), client token at most
 * 64 bytes (`InvalidRequest`, not echoed), a stream version other than the current (`VersionMismatch`), an unknown
 * stream or file (`ResourceNotFound`), and at most 128 KiB of block data per request (the rest is asked for again).
 * Emulator choices where AWS documents none: an offset at or past the file's last block is `ResourceNotFound`;
 * neither `n` nor `b` means 131,072 / `l` blocks; blocks past the end of the file are not sent.
 */
internal class StreamsService(private val store: StreamStore) : ReservedTopicService {
    override fun handles(topic: String): Boolean = StreamTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = StreamTopic.parse(request.topic) ?: return
        var token: String? = null
        try {
            val body = StreamRequest.parse(request.payload, topic.format)
            token = body.clientToken
            val stream = store.streams[topic.streamId]
                ?: throw StreamRejection("ResourceNotFound", "The stream ${topic.streamId} does not exist")
            if (topic.operation == "describe") {
                reply(context, request, topic.answer("description"), describe(stream, token), topic.format)
            } else {
                get(stream, body, token).forEach { reply(context, request, topic.answer("data"), it, topic.format) }
            }
        } catch (e: StreamRejection) {
            val error = buildMap<String, Any?> {
                put("o", e.code)
                put("m", e.message)
                if (e.echo && token != null) put("c", token)
            }
            reply(context, request, topic.answer("rejected"), error, topic.format)
        }
    }

    private fun describe(stream: StreamRecord, token: String?): Map<String, Any?> = buildMap {
        token?.let { put("c", it) }
        put("s", stream.version.toLong())
        stream.description?.let { put("d", it) }
        put("r", stream.files.values.sortedBy { it.fileId }.map { mapOf("f" to it.fileId.toLong(), "z" to it.size) })
    }

    private fun get(stream: StreamRecord, body: StreamRequest, token: String?): List<Map<String, Any?>> {
        stream.getRequests.incrementAndGet()
        val version = body.int("s")
        ensure(version == null || version == stream.version.toLong(), "VersionMismatch") {
            "The stream version does not match the latest stream version"
        }
        val fileId = body.int("f")
        ensure(fileId != null, StreamRequest.INVALID_REQUEST) { "The file ID (f) is required" }
        val blockSize = body.int("l")
        ensure(blockSize != null, StreamRequest.INVALID_REQUEST) { "The block size (l) is required" }
        ensure(blockSize in MIN_BLOCK..MAX_BLOCK, "BlockSizeOutOfBounds") { "The block size is out of bounds" }
        val offset = body.int("o") ?: 0
        ensure(offset in 0..MAX_OFFSET, "OffsetOutOfBounds") { "The block offset is out of bounds" }
        val count = body.int("n")
        ensure(count == null || count in 0..MAX_OFFSET, "BlockCountLimitExceeded") {
            "The number of blocks is out of bounds"
        }
        val bitmap = body.bitmap()
        ensure(bitmap == null || bitmap.size < MAX_BITMAP_BYTES, "BlockBitmapLimitExceeded") {
            "The size of the block bitmap is too large"
        }
        val file = stream.files[fileId.toInt()]
        ensure(file != null, "ResourceNotFound") { "The file $fileId of stream ${stream.streamId} does not exist" }
        val size = file.size
        val blocks = (size + blockSize - 1) / blockSize
        ensure(offset < blocks, "ResourceNotFound") { "The requested blocks were not found" }
        val ids = blockIds(offset, count, bitmap, blockSize).takeWhile { it < blocks }.toList()
        stream.blocksServed.addAndGet(ids.size.toLong())
        return ids.map { id ->
            val length = minOf(blockSize, size - id * blockSize).toInt()
            buildMap {
                token?.let { put("c", it) }
                put("f", fileId)
                put("l", length.toLong())
                put("i", id)
                put("p", store.read(file, id * blockSize, length))
            }
        }
    }

    /** The blocks a request names, as many as fit AWS's 128 KiB per request (and no more than `n`). */
    private fun blockIds(offset: Long, count: Long?, bitmap: ByteArray?, blockSize: Long): Sequence<Long> {
        val perRequest = MAX_BYTES / blockSize
        val wanted = if (bitmap != null) {
            (0 until bitmap.size * Byte.SIZE_BITS).asSequence()
                .filter { (bitmap[it / Byte.SIZE_BITS].toInt() shr (it % Byte.SIZE_BITS)) and 1 == 1 }
                .map { offset + it }
        } else {
            generateSequence(offset) { it + 1 }.take((count ?: perRequest).toInt())
        }
        return wanted.take(minOf(perRequest, count ?: perRequest).toInt())
    }

    @OptIn(ExperimentalContracts::class)
    private inline fun ensure(condition: Boolean, code: String, message: () -> String) {
        contract { returns() implies condition }
        if (!condition) throw StreamRejection(code, message())
    }

    private fun reply(
        context: ServiceContext,
        request: ServiceRequest,
        topic: String,
        body: Map<String, Any?>,
        format: String,
    ) {
        val payload = if (format == "cbor") Cbor.encode(body) else json(body).encodeToByteArray()
        context.publishToClient(request.clientId, topic, payload)
    }

    private fun json(body: Map<String, Any?>): String = buildJsonObject {
        body.forEach { (key, value) ->
            when (value) {
                is String -> put(key, value)
                is Long -> put(key, value)
                is ByteArray -> put(key, Base64.getEncoder().encodeToString(value))
                is List<*> -> put(
                    key,
                    JsonArray(
                        value.map { file ->
                            buildJsonObject { (file as Map<*, *>).forEach { (k, v) -> put(k as String, v as Long) } }
                        },
                    ),
                )
                else -> Unit
            }
        }
    }.toString()

    private companion object {
        const val MIN_BLOCK = 256L
        const val MAX_BLOCK = 131_072L
        const val MAX_OFFSET = 98_304L
        const val MAX_BITMAP_BYTES = 12_288
        const val MAX_BYTES = 131_072L
    }
}
