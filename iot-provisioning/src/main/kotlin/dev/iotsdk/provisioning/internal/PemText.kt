package dev.iotsdk.provisioning.internal

import java.util.Base64

/** PEM encoding and block extraction for the credentials this module writes and reads back. */
internal object PemText {
    private val BLOCK = Regex("-----BEGIN ([A-Z0-9 ]+)-----[\\s\\S]*?-----END \\1-----")

    fun encode(type: String, der: ByteArray): String =
        "-----BEGIN $type-----\n" + Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(der) +
            "\n-----END $type-----\n"

    /** The PEM blocks of [text] as (type, whole block text), in order. */
    fun blocks(text: String): List<Pair<String, String>> = BLOCK.findAll(text).map {
        it.groupValues[1] to
            it.value + "\n"
    }.toList()
}
