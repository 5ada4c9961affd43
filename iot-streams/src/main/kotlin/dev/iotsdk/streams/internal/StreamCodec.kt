@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.streams.internal

import dev.iotsdk.streams.GetBlocksRequest
import dev.iotsdk.streams.StreamBlock
import dev.iotsdk.streams.StreamDescription
import dev.iotsdk.streams.StreamFile
import dev.iotsdk.streams.StreamFormat
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.cbor.Cbor
import kotlinx.serialization.json.Json
import java.util.Base64

/** Encodes requests and decodes answers of one [StreamFormat]; decoding failures throw [IllegalArgumentException]. */
internal class StreamCodec(val format: StreamFormat) {
    fun describeRequest(clientToken: String?): ByteArray =
        encode(DescribeRequestWire.serializer(), DescribeRequestWire(clientToken))

    fun getRequest(request: GetBlocksRequest): ByteArray = when (format) {
        StreamFormat.JSON -> encode(
            JsonGetRequestWire.serializer(),
            JsonGetRequestWire(
                request.clientToken,
                request.streamVersion,
                request.fileId,
                request.blockSize,
                request.offset,
                request.count,
                request.bitmap?.let(BlockBitmap::toHex),
            ),
        )
        StreamFormat.CBOR -> encode(
            CborGetRequestWire.serializer(),
            CborGetRequestWire(
                request.clientToken,
                request.streamVersion,
                request.fileId,
                request.blockSize,
                request.offset,
                request.count,
                request.bitmap,
            ),
        )
    }

    fun description(payload: ByteArray): StreamDescription {
        val wire = decode(DescribeResponseWire.serializer(), payload)
        return StreamDescription(wire.s, wire.d, wire.r.map { StreamFile(it.f, it.z) }, wire.c)
    }

    fun block(payload: ByteArray): StreamBlock = when (format) {
        StreamFormat.JSON -> decode(JsonDataWire.serializer(), payload).let {
            checked(it.f, it.i, it.l, Base64.getDecoder().decode(it.p), it.c)
        }
        StreamFormat.CBOR -> decode(CborDataWire.serializer(), payload).let { checked(it.f, it.i, it.l, it.p, it.c) }
    }

    fun error(payload: ByteArray): ErrorWire? = try {
        decode(ErrorWire.serializer(), payload)
    } catch (ignored: IllegalArgumentException) {
        null
    }

    private fun checked(fileId: Int, blockId: Int, length: Int, data: ByteArray, token: String?): StreamBlock {
        require(blockId >= 0) { "the block id is negative" }
        require(length == data.size) { "the block's length field (l) does not match its data" }
        return StreamBlock(fileId, blockId, data, token)
    }

    private fun <T> encode(serializer: KSerializer<T>, value: T): ByteArray = when (format) {
        StreamFormat.JSON -> JSON.encodeToString(serializer, value).encodeToByteArray()
        StreamFormat.CBOR -> CBOR.encodeToByteArray(serializer, value)
    }

    /** Any decoding failure (bad UTF-8, truncated CBOR, a missing key…) as an [IllegalArgumentException]. */
    @Suppress("TooGenericExceptionCaught") // a decoder fed hostile bytes may throw anything; none of it escapes
    private fun <T> decode(serializer: KSerializer<T>, payload: ByteArray): T = try {
        when (format) {
            StreamFormat.JSON ->
                JSON.decodeFromString(serializer, payload.decodeToString(throwOnInvalidSequence = true))
            StreamFormat.CBOR -> CBOR.decodeFromByteArray(serializer, payload)
        }
    } catch (e: IllegalArgumentException) {
        throw e
    } catch (e: Exception) {
        throw IllegalArgumentException("the payload is not a valid ${format.topicSuffix} stream message", e)
    }

    companion object {
        val JSON: Json = Json {
            ignoreUnknownKeys = true
            explicitNulls = false
        }

        /** Definite-length maps, as the AWS embedded libraries (tinycbor) write them; absent optional keys omitted. */
        val CBOR: Cbor = Cbor {
            ignoreUnknownKeys = true
            useDefiniteLengthEncoding = true
            encodeDefaults = false
        }
    }
}
