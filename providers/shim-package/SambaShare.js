module.exports = require("./make.js")("SambaShare");
