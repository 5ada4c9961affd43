@file:JvmName("ServiceAnswers")

package dev.iotsdk.test

private val CLIENT_TOKEN = Regex(""""clientToken"\s*:\s*"([^"\\]*)"""")

/**
 * Plays an AWS IoT service that correlates by `clientToken` (shadow, jobs): each request published to [requestTopic]
 * is answered on [answerTopic] with [answer] of the request's client token (`""` when it has none). Close the result
 * to stop answering.
 *
 * ```kotlin
 * fake.answerRequests("\$aws/things/lamp/shadow/get", "\$aws/things/lamp/shadow/get/accepted") { token ->
 *     """{"clientToken":"$token","state":{"reported":{"on":true}},"version":1,"timestamp":1}"""
 * }
 * ```
 */
public fun FakeIotMqttClient.answerRequests(
    requestTopic: String,
    answerTopic: String,
    answer: (clientToken: String) -> String,
): AutoCloseable = onPublish(requestTopic) { request ->
    val token = CLIENT_TOKEN.find(request.payloadAsString())?.groupValues?.get(1).orEmpty()
    deliver(answerTopic, answer(token))
}
