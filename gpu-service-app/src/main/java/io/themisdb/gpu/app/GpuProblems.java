package io.themisdb.gpu.app;

import io.themisdb.gpu.job.InvalidJobException;
import io.themisdb.gpu.scheduling.DeadlineExceededException;
import io.themisdb.gpu.scheduling.RejectedJobException;
import io.themisdb.gpu.vectorset.UnknownVectorSetException;
import io.themisdb.gpu.vectorset.VectorSetVersionException;
import io.themisdb.gpu.wire.MalformedVectorBodyException;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem with a {@code type} from docs/errors.md ("GPU service"
 * section). Spring's own errors (unreadable JSON, missing parameter, wrong media type) keep their
 * status and get the platform's type for it.
 */
@RestControllerAdvice
class GpuProblems extends ResponseEntityExceptionHandler {

  static final String TYPE_BASE = "https://themisdb.io/problems/";

  private static final Logger log = LoggerFactory.getLogger(GpuProblems.class);

  @ExceptionHandler(CompletionException.class)
  ResponseEntity<Object> failedJob(CompletionException e, WebRequest request) throws Exception {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof Exception ex && !(cause instanceof CompletionException)) {
      return handle(ex, request);
    }
    return internal(e);
  }

  @ExceptionHandler({
    MalformedVectorBodyException.class,
    InvalidJobException.class,
    UnknownVectorSetException.class,
    VectorSetVersionException.class,
    RejectedJobException.class,
    DeadlineExceededException.class,
    CancellationException.class
  })
  ResponseEntity<Object> handle(Exception e, WebRequest request) throws Exception {
    return switch (e) {
      case MalformedVectorBodyException m ->
          problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", m.getMessage());
      case InvalidJobException m ->
          problem(HttpStatus.BAD_REQUEST, "invalid-gpu-job", "Invalid GPU job", m.getMessage());
      case UnknownVectorSetException m ->
          problem(
              HttpStatus.NOT_FOUND,
              "vector-set-not-found",
              "Vector set not resident",
              m.getMessage());
      case VectorSetVersionException m -> {
        var body =
            problemDetail(
                HttpStatus.CONFLICT,
                "vector-set-version-mismatch",
                "Vector set at another version",
                m.getMessage());
        body.setProperty("residentVersion", m.resident());
        body.setProperty("requestedVersion", m.requested());
        yield ResponseEntity.status(HttpStatus.CONFLICT)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(body);
      }
      case RejectedJobException m -> {
        // Whole seconds, rounded up, never 0: Retry-After has no finer unit.
        long seconds = Math.max(1, (m.retryAfter().toMillis() + 999) / 1000);
        var body =
            problemDetail(
                HttpStatus.TOO_MANY_REQUESTS, "gpu-queue-full", "GPU queue full", m.getMessage());
        body.setProperty("retry-after", seconds);
        body.setProperty("retryAfterMillis", m.retryAfter().toMillis());
        yield ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
            .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(body);
      }
      case DeadlineExceededException m -> {
        var body =
            problemDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "gpu-deadline-exceeded",
                "GPU job deadline exceeded",
                m.getMessage());
        body.setProperty("retryable", true);
        yield ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(body);
      }
      default -> internal(e);
    };
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    return internal(e);
  }

  /** Spring MVC's own exceptions: keep the status, use the platform's type for it. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      @Nullable Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    ProblemDetail detail =
        body instanceof ProblemDetail p ? p : ProblemDetail.forStatus(statusCode);
    detail.setType(URI.create(TYPE_BASE + typeFor(statusCode)));
    HttpHeaders out = new HttpHeaders();
    out.putAll(headers);
    out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(detail, out, statusCode);
  }

  private static String typeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> "malformed-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 406 -> "not-acceptable";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      default -> status.is5xxServerError() ? "internal-error" : "malformed-request";
    };
  }

  private static ResponseEntity<Object> problem(
      HttpStatus status, String type, String title, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problemDetail(status, type, title, detail));
  }

  private static ProblemDetail problemDetail(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(TYPE_BASE + type));
    body.setTitle(title);
    return body;
  }

  private static ResponseEntity<Object> internal(Exception e) {
    log.error("GPU service request failed", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal-error",
        "Internal error",
        "The GPU service failed; the failure is logged.");
  }
}
