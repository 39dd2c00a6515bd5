package io.themisdb.platform.problem;

import io.themisdb.engine.DatabaseClosedException;
import io.themisdb.engine.EngineException;
import io.themisdb.engine.StorageException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every exception that reaches Spring MVC into {@code application/problem+json} with one of
 * our stable {@link ProblemType} URIs: Spring's own (bad JSON, wrong method, unknown path, …), ours
 * ({@link ProblemException}) and unexpected ones, which answer 500 without internals.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<Object> problem(ProblemException e, HttpServletRequest request) {
    ProblemDetail body = Problems.of(e.type(), e.getMessage(), request.getRequestURI());
    e.properties().forEach(body::setProperty);
    HttpHeaders headers = new HttpHeaders();
    if (e.type() == ProblemType.DATABASE_UNAVAILABLE) {
      headers.set(HttpHeaders.RETRY_AFTER, "1");
    }
    return respond(body, headers);
  }

  @ExceptionHandler(EngineException.class)
  ResponseEntity<Object> engine(EngineException e, HttpServletRequest request) {
    if (e instanceof StorageException) {
      log.error("Storage failure on {} {}", request.getMethod(), request.getRequestURI(), e);
    }
    return problem(EngineProblems.of(e), request);
  }

  /** A database handle closed under a running request: its database is being restored. */
  @ExceptionHandler(DatabaseClosedException.class)
  ResponseEntity<Object> closed(DatabaseClosedException e, HttpServletRequest request) {
    return problem(
        new ProblemException(
            ProblemType.DATABASE_UNAVAILABLE,
            "The database was being restored or closed; retry shortly.",
            Map.of("retryable", true)),
        request);
  }

  @ExceptionHandler(BodyTooLargeException.class)
  ResponseEntity<Object> tooLarge(BodyTooLargeException e, HttpServletRequest request) {
    return problem(new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, e.getMessage()), request);
  }

  /** Unreadable bodies, unless they were cut off by the size limit. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof BodyTooLargeException tooLarge) {
        return respond(Problems.of(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), headers);
      }
    }
    return super.handleHttpMessageNotReadable(ex, headers, status, request);
  }

  /** Method security ({@code @PreAuthorize}) failing inside MVC: a scope or role is missing. */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> denied(AccessDeniedException e, HttpServletRequest request) {
    return respond(
        Problems.of(
            ProblemType.FORBIDDEN,
            "The credentials do not allow this operation.",
            request.getRequestURI()),
        new HttpHeaders());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
    log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return respond(
        Problems.of(
            ProblemType.INTERNAL_ERROR,
            "The request failed on the server; it has been logged.",
            request.getRequestURI()),
        new HttpHeaders());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail body =
        Problems.of(ProblemType.VALIDATION_FAILED, "The request has invalid fields.");
    body.setProperty(
        "errors",
        ex.getBindingResult().getFieldErrors().stream().map(ProblemResponses::fieldError).toList());
    return respond(body, headers);
  }

  /** Spring's standard exceptions: keep status and detail, use our type URIs. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemType type = ProblemType.forStatus(status.value());
    ProblemDetail problem =
        body instanceof ProblemDetail pd ? pd : ProblemDetail.forStatus(status.value());
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return respond(problem, headers == null ? new HttpHeaders() : headers);
  }

  private static ResponseEntity<Object> respond(ProblemDetail body, HttpHeaders headers) {
    return ResponseEntity.status(body.getStatus())
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  private static FieldProblem fieldError(FieldError error) {
    return new FieldProblem(error.getField(), error.getDefaultMessage());
  }

  /**
   * One invalid field: its name and what is wrong, never the rejected value (it may be a secret).
   */
  record FieldProblem(String field, String message) {}
}
