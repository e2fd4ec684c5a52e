module.exports = require("./make.js")("AptRepositories");
