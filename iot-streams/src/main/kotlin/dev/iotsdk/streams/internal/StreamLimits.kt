package dev.iotsdk.streams.internal

/** AWS IoT MQTT-based file delivery limits (spec/streams.md sections 4 and 7). */
internal object StreamLimits {
    const val MIN_BLOCK_SIZE = 256
    const val MAX_BLOCK_SIZE = 131_072
    const val MAX_OFFSET = 98_304
    const val MAX_BITMAP_BYTES = 12_287
    const val MAX_BYTES_PER_REQUEST = 131_072
    const val MAX_CLIENT_TOKEN_BYTES = 64
    const val MAX_FILE_ID = 255
    val STREAM_ID = Regex("[a-zA-Z0-9_-]{1,128}")
}
