package dev.iotsdk.model.jobs

import kotlinx.serialization.KSerializer
import kotlinx.serialization.SerializationException
import kotlinx.serialization.descriptors.PrimitiveKind
import kotlinx.serialization.descriptors.PrimitiveSerialDescriptor
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder
import kotlinx.serialization.json.JsonDecoder
import kotlinx.serialization.json.JsonEncoder
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonPrimitive
import java.math.BigDecimal
import java.time.Instant

/**
 * Jobs timestamps: seconds since the epoch (spec/jobs.md §2), integer on MQTT, fractional on HTTPS. Read exactly
 * (as a decimal) and written back as an integer when whole, as a plain decimal otherwise, so nothing is lost.
 */
internal object EpochSecondsSerializer : KSerializer<Instant> {
    private val BILLION = BigDecimal(1_000_000_000L)

    override val descriptor: SerialDescriptor =
        PrimitiveSerialDescriptor("dev.iotsdk.model.jobs.EpochSeconds", PrimitiveKind.DOUBLE)

    override fun serialize(encoder: Encoder, value: Instant) {
        if (value.nano == 0) {
            encoder.encodeLong(value.epochSecond)
            return
        }
        val decimal = BigDecimal.valueOf(
            value.epochSecond,
        ).add(BigDecimal(value.nano).divide(BILLION)).stripTrailingZeros()
        if (encoder is JsonEncoder) {
            encoder.encodeJsonElement(
                JsonPrimitive(decimal),
            )
        } else {
            encoder.encodeDouble(decimal.toDouble())
        }
    }

    override fun deserialize(decoder: Decoder): Instant {
        val text = if (decoder is JsonDecoder) {
            decoder.decodeJsonElement().jsonPrimitive.content
        } else {
            decoder.decodeDouble().toString()
        }
        val decimal = text.toBigDecimalOrNull() ?: throw SerializationException("not a timestamp in seconds")
        val seconds = decimal.toBigInteger()
        val nanos = decimal.subtract(BigDecimal(seconds)).multiply(BILLION).toInt()
        return Instant.ofEpochSecond(seconds.toLong(), nanos.toLong())
    }
}

/** `expectedVersion` is sent as a string by AWS's examples and the embedded SDK, as a number by others: read both. */
internal object VersionSerializer : KSerializer<Long> {
    override val descriptor: SerialDescriptor =
        PrimitiveSerialDescriptor("dev.iotsdk.model.jobs.ExpectedVersion", PrimitiveKind.STRING)

    override fun serialize(encoder: Encoder, value: Long): Unit = encoder.encodeString(value.toString())

    override fun deserialize(decoder: Decoder): Long {
        val text = if (decoder is JsonDecoder) {
            decoder.decodeJsonElement().jsonPrimitive.content
        } else {
            decoder.decodeString()
        }
        return text.toLongOrNull() ?: throw SerializationException("expectedVersion is not a whole number")
    }
}
