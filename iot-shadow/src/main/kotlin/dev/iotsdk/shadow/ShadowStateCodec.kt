package dev.iotsdk.shadow

/**
 * Maps a Java state type [S] to and from the JSON text of a shadow section, for [ShadowClientJava.typed]: the Java
 * counterpart of the `KSerializer` that [ShadowClient.typed] takes, so Java users bring the JSON library they already
 * use. With Jackson:
 *
 * ```java
 * ObjectMapper mapper = new ObjectMapper();
 * ShadowStateCodec<Lamp> codec = ShadowStateCodec.of(
 *         lamp -> mapper.writeValueAsString(lamp),
 *         json -> mapper.readValue(json, Lamp.class));
 * TypedShadowJava<Lamp> lamp = shadow.typed(codec, null);
 * ```
 *
 * [encode] must produce a JSON object with every field (the SDK always sends whole objects); [decode] receives a
 * JSON object. Exceptions thrown by either are reported as `kotlinx.serialization.SerializationException`s with the
 * original as cause: a failed future for reads and writes, an [ShadowEvent.Error] on the desired-state stream (which
 * goes on).
 */
public interface ShadowStateCodec<S> {
    /** The JSON object text for [state]. */
    @Throws(Exception::class)
    public fun encode(state: S): String

    /** The state described by the JSON object text [json]. */
    @Throws(Exception::class)
    public fun decode(json: String): S

    /** Factories. */
    public companion object {
        /** A codec from two functions, typically method references into a JSON library. */
        @JvmStatic
        public fun <S> of(encoder: Encoder<S>, decoder: Decoder<S>): ShadowStateCodec<S> =
            object : ShadowStateCodec<S> {
                override fun encode(state: S): String = encoder.encode(state)
                override fun decode(json: String): S = decoder.decode(json)
                override fun toString(): String = "ShadowStateCodec($encoder, $decoder)"
            }
    }

    /** The encoding half of [of]; may throw any exception. */
    public fun interface Encoder<S> {
        /** See [ShadowStateCodec.encode]. */
        @Throws(Exception::class)
        public fun encode(state: S): String
    }

    /** The decoding half of [of]; may throw any exception. */
    public fun interface Decoder<S> {
        /** See [ShadowStateCodec.decode]. */
        @Throws(Exception::class)
        public fun decode(json: String): S
    }
}
