@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.jobs

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.java.JavaView
import dev.iotsdk.model.jobs.JobExecution
import kotlinx.coroutines.Job
import java.util.concurrent.CompletableFuture

/**
 * What a [JobHandlerJava] gets: the Java view of a [JobContext]. The job document comes as JSON text
 * ([documentJson]) for the JSON library of your choice; progress reports return futures the (blocking) handler may
 * `join()`; [isCancelled] tells a long handler to stop.
 *
 * ```java
 * AutoCloseable runner = jobs.startJobRunner(job -> {
 *     Firmware fw = mapper.readValue(job.getDocumentJson(), Firmware.class);
 *     for (int part = 1; part <= fw.parts && !job.isCancelled(); part++) {
 *         download(fw, part);
 *         job.reportProgress(Map.of("part", part + "/" + fw.parts)).join();
 *     }
 *     return new JobOutcome.Succeeded();
 * });
 * ```
 *
 * Valid while the handler runs; do not keep it afterwards.
 */
public class JobContextJava internal constructor(
    private val context: JobContext,
    private val handlerJob: Job?,
    private val view: JavaView,
) {
    /** The Kotlin context behind this view. */
    public fun asKotlin(): JobContext = context

    /** The execution as start-next returned it (status IN_PROGRESS). */
    public val execution: JobExecution get() = context.execution

    /** The job id. */
    public val jobId: String get() = context.jobId

    /** The job document as JSON text (`{}` when the job has none). */
    public val documentJson: String get() = context.document.toString()

    /**
     * `true` once the job was canceled or removed remotely, or the runner is stopping: the handler should return soon
     * (its result is then ignored). The thread running the handler is also interrupted at that moment, so blocking
     * calls that honour interruption end with an `InterruptedException`.
     */
    public val isCancelled: Boolean get() = handlerJob?.isCancelled == true

    /**
     * Reports progress (see [JobContext.reportProgress]): the execution stays IN_PROGRESS with [statusDetails], and
     * the step timer restarts at [stepTimeoutInMinutes] when it is not `null`. The future fails with
     * [JobsRejectedException] (InvalidStateTransition) when the execution was canceled meanwhile.
     */
    public fun reportProgress(
        statusDetails: Map<String, String>,
        stepTimeoutInMinutes: Long?,
    ): CompletableFuture<Void?> = view.future {
        context.reportProgress(statusDetails, stepTimeoutInMinutes)
        null
    }

    /** [reportProgress] without changing the step timer. */
    public fun reportProgress(statusDetails: Map<String, String>): CompletableFuture<Void?> =
        reportProgress(statusDetails, null)

    override fun toString(): String = "JobContextJava($jobId)"
}
