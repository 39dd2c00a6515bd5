package io.themisdb.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatch (errors raised outside Spring MVC, e.g. in filters or a
 * rejected oversize body) with a problem instead of Boot's default JSON.
 */
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("/error")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    ProblemType type = ProblemType.forStatus(status);
    ProblemDetail body = ProblemDetail.forStatus(status);
    body.setType(type.uri());
    body.setTitle(type.title());
    if (path instanceof String p) {
      body.setInstance(java.net.URI.create(p));
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
