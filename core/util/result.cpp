#include "core/util/result.h"

#include <exception>
#include <new>

#include "core/util/errors.h"

namespace sam3 {

ErrorInfo error_from_current_exception() {
  using K = ErrorInfo::Kind;
  try {
    throw;
  } catch (const Cancelled& e) {
    return {K::Cancelled, e.what()};
  } catch (const OutOfMemory& e) {
    return {K::OutOfMemory, e.what()};
  } catch (const ConfigError& e) {
    return {K::Config, e.what()};
  } catch (const FormatError& e) {
    return {K::Format, e.what()};
  } catch (const IoError& e) {
    return {K::Io, e.what()};
  } catch (const ModelError& e) {
    return {K::Model, e.what()};
  } catch (const InvalidInput& e) {
    return {K::InvalidInput, e.what()};
  } catch (const std::bad_alloc&) {
    return {K::OutOfMemory, "out of host memory"};
  } catch (const std::exception& e) {
    return {K::Other, e.what()};
  } catch (...) {
    return {K::Other, "unknown error"};
  }
}

}  // namespace sam3
