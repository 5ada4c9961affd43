package dev.iotsdk.emulator

import java.net.URLEncoder
import java.security.MessageDigest
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * A presigner written in the test straight from the AWS IoT Developer Guide's `mqtt-ws` reference code
 * (spec/connect.md §3), deliberately independent of the emulator's verifier.
 */
object TestPresigner {
    private fun hmac(key: ByteArray, s: String) =
        Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(s.toByteArray())
    private fun hex(b: ByteArray) = b.joinToString("") { "%02x".format(it) }
    private fun sha256(s: String) = hex(MessageDigest.getInstance("SHA-256").digest(s.toByteArray()))
    private fun enc(s: String) =
        URLEncoder.encode(s, "UTF-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")

    fun presign(
        host: String,
        accessKeyId: String,
        secret: String,
        region: String,
        sessionToken: String? = null,
        now: Instant = Instant.now(),
        expires: Int? = null,
        signedHeaders: List<Pair<String, String>> = listOf("host" to host),
        service: String = "iotdevicegateway",
    ): String {
        val datetime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now)
        val date = datetime.substring(0, 8)
        val scope = "$date/$region/$service/aws4_request"
        val names = signedHeaders.map { it.first }.sorted()
        var cq = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        cq += "&X-Amz-Credential=" + enc("$accessKeyId/$scope")
        cq += "&X-Amz-Date=$datetime"
        if (expires != null) cq += "&X-Amz-Expires=$expires"
        cq += "&X-Amz-SignedHeaders=" + enc(names.joinToString(";"))
        val ch = signedHeaders.sortedBy { it.first }.joinToString("") { "${it.first}:${it.second}\n" }
        val canonicalRequest = "GET\n/mqtt\n$cq\n$ch\n${names.joinToString(";")}\n${sha256("")}"
        val sts = "AWS4-HMAC-SHA256\n$datetime\n$scope\n${sha256(canonicalRequest)}"
        val key = hmac(hmac(hmac(hmac("AWS4$secret".toByteArray(), date), region), service), "aws4_request")
        var q = cq + "&X-Amz-Signature=" + hex(hmac(key, sts))
        if (sessionToken != null) q += "&X-Amz-Security-Token=" + enc(sessionToken)
        return q
    }
}
