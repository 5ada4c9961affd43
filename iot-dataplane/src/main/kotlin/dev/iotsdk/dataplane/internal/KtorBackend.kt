package dev.iotsdk.dataplane.internal

import io.ktor.client.HttpClient
import io.ktor.client.request.header
import io.ktor.client.request.request
import io.ktor.client.request.setBody
import io.ktor.client.statement.readRawBytes
import io.ktor.http.ContentType
import io.ktor.http.HttpMethod
import io.ktor.http.Url
import io.ktor.http.content.ByteArrayContent

/** [HttpBackend] on a Ktor [HttpClient] (the OkHttp engine); closing it closes the client and its engine. */
internal class KtorBackend(private val http: HttpClient) : HttpBackend {
    override suspend fun exchange(
        method: String,
        url: String,
        headers: List<Pair<String, String>>,
        body: ByteArray?,
    ): HttpAnswer {
        val response = http.request(Url(url)) {
            this.method = HttpMethod.parse(method)
            for ((name, value) in headers) header(name, value)
            if (body != null) setBody(ByteArrayContent(body, ContentType.Application.OctetStream))
        }
        val responseHeaders = response.headers
        return HttpAnswer(response.status.value, response.readRawBytes()) { responseHeaders[it] }
    }

    override fun close() = http.close()
}
