@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.streams.internal

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.Serializable
import kotlinx.serialization.cbor.ByteString

// The wire shapes of MQTT-based file delivery with AWS's one-letter keys (spec/streams.md sections 3-6). JSON and
// CBOR differ only where bytes travel: JSON carries the bitmap `b` as "0x…" hex and the block `p` as base64 text,
// CBOR both as byte strings.

@Serializable
internal class DescribeRequestWire(val c: String? = null)

@Serializable
internal class DescribeResponseWire(
    val c: String? = null,
    val s: Int,
    val d: String? = null,
    val r: List<FileWire> = emptyList(),
)

@Serializable
internal class FileWire(val f: Int, val z: Long)

@Serializable
internal class JsonGetRequestWire(
    val c: String? = null,
    val s: Int? = null,
    val f: Int,
    val l: Int,
    val o: Int? = null,
    val n: Int? = null,
    val b: String? = null,
)

@Serializable
internal class CborGetRequestWire(
    val c: String? = null,
    val s: Int? = null,
    val f: Int,
    val l: Int,
    val o: Int? = null,
    val n: Int? = null,
    @ByteString val b: ByteArray? = null,
)

@Serializable
internal class JsonDataWire(val c: String? = null, val f: Int, val l: Int, val i: Int, val p: String)

@Serializable
internal class CborDataWire(val c: String? = null, val f: Int, val l: Int, val i: Int, @ByteString val p: ByteArray)

/** `o`/`m`/`c`, or the older `code`/`clientToken` names AWS says clients must also accept. */
@Serializable
internal class ErrorWire(
    val o: String? = null,
    val code: String? = null,
    val m: String? = null,
    val c: String? = null,
    val clientToken: String? = null,
)
